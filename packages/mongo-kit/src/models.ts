import type { Connection, Model, Schema } from 'mongoose';

/**
 * The connection's model of this name, registered on first use: a service's models function may
 * run more than once on one connection (start-up prepares them, tests and benches ask again), and
 * mongoose refuses to register a name twice.
 */
export function registeredModel<T>(
  connection: Connection,
  name: string,
  schema: Schema<T>,
  collection?: string,
): Model<T> {
  return (
    (connection.models[name] as Model<T> | undefined) ??
    connection.model<T>(name, schema, collection)
  );
}
