import { describe, expect, it } from 'vitest';
import { Store } from '../src/storage/store.js';
import { TransactionManager } from '../src/storage/transactions.js';

describe('transaction lifetime limit', () => {
  it('aborts an abandoned transaction when another needs its document', async () => {
    let clock = 0;
    const store = new Store();
    await store.apply([{ op: 'insert', db: 'd', coll: 'c', doc: { _id: 1, n: 0 } }]);
    const collection = store.collection('d', 'c')!;
    const manager = new TransactionManager(store, 60_000, () => clock);

    const abandoned = manager.begin('1');
    manager.stage(abandoned, collection, 'n:1', 1, { _id: 1, n: 1 });
    const second = manager.begin('2');
    expect(() => manager.stage(second, collection, 'n:1', 1, { _id: 1, n: 2 })).toThrow(
      /WriteConflict/,
    );

    clock = 61_000;
    const third = manager.begin('3');
    manager.stage(third, collection, 'n:1', 1, { _id: 1, n: 3 });
    expect(abandoned.state).toBe('aborted');
    await manager.commit(third);
    expect(collection.docs.get('n:1')).toEqual({ _id: 1, n: 3 });
    await expect(manager.commit(abandoned)).rejects.toThrow(/aborted/);
  });
});
