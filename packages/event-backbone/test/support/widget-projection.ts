// A read model a consuming service keeps from widget events: per widget, the list of n received.
import type { Connection } from 'mongoose';
import type { EventHandler } from '../../src/index.js';
import type { WidgetChanged } from './test-catalog.js';

export interface WidgetProjection {
  _id: string;
  ns: number[];
}

export function projectWidgetChanges(
  connection: Connection,
  beforeWrite: (event: WidgetChanged) => Promise<void> = async () => {},
): EventHandler<WidgetChanged> {
  return async (event, { session }) => {
    await beforeWrite(event.data);
    await connection
      .collection<WidgetProjection>('widget_projection')
      .updateOne(
        { _id: event.subject },
        { $push: { ns: event.data.n } },
        { upsert: true, session },
      );
  };
}

export async function projections(connection: Connection): Promise<Map<string, number[]>> {
  const docs = await connection.collection<WidgetProjection>('widget_projection').find().toArray();
  return new Map(docs.map((doc) => [doc._id, doc.ns]));
}
