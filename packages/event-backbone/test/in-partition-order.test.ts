// inPartitionOrder: one batch-form handler for several types, each event to its type's function
// in the batch's order, with the batch's session.
import type { ClientSession } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { inPartitionOrder, type BatchEventHandler, type CloudEvent } from '../src/index.js';

type Events = { created: { n: number }; retired: { n: number }; other: { n: number } };

const event = (type: keyof Events, n: number) =>
  ({ type, data: { n } }) as CloudEvent<{ n: number }>;

describe('inPartitionOrder', () => {
  it('registers one batch handler for the listed types and calls each event’s function in order', async () => {
    const calls: string[] = [];
    const session = { id: 'batch-session' } as unknown as ClientSession;
    const handlers = inPartitionOrder<Events>({
      created: async ({ data }, s) => void calls.push(`created ${data.n} ${s === session}`),
      retired: async ({ data }, s) => void calls.push(`retired ${data.n} ${s === session}`),
    });
    expect(Object.keys(handlers)).toEqual(['created', 'retired']);
    expect(handlers.created).toBe(handlers.retired);
    await (handlers.created as BatchEventHandler<{ n: number }>).batch(
      [event('created', 1), event('retired', 2), event('created', 3)],
      { session, topic: 't', partition: 0, attempt: 1 },
    );
    expect(calls).toEqual(['created 1 true', 'retired 2 true', 'created 3 true']);
  });
});
