/** Wakes long-polling fetches when records arrive in a partition they wait on. */
export class AppendNotifier {
  private readonly waiters = new Map<string, Set<() => void>>();

  private static key(topic: string, partition: number): string {
    return `${partition}:${topic}`;
  }

  /** Calls `wake` once on the first append to any of the partitions, or on `wakeAll`; returns an unsubscribe. */
  subscribe(partitions: { topic: string; partition: number }[], wake: () => void): () => void {
    const keys = partitions.map((p) => AppendNotifier.key(p.topic, p.partition));
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      unsubscribe();
      wake();
    };
    const unsubscribe = () => {
      for (const key of keys) {
        const set = this.waiters.get(key);
        set?.delete(once);
        if (set?.size === 0) this.waiters.delete(key);
      }
    };
    for (const key of keys) {
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      set.add(once);
    }
    return unsubscribe;
  }

  notify(topic: string, partition: number): void {
    const set = this.waiters.get(AppendNotifier.key(topic, partition));
    if (set) for (const wake of [...set]) wake();
  }

  wakeAll(): void {
    for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake();
  }
}
