import type { Connection, Model, Schema } from 'mongoose';

/** A model registered once per connection, so several backbones may share one connection. */
export function registeredModel<T>(
  connection: Connection,
  name: string,
  schema: Schema<T>,
  collection: string,
): Model<T> {
  return (
    (connection.models[name] as Model<T> | undefined) ??
    connection.model<T>(name, schema, collection)
  );
}
