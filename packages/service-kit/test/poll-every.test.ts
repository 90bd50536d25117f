import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { pollEvery } from '../src/index.js';

describe('pollEvery', () => {
  it('runs one pass at a time, reports failures and keeps going, and stop waits for a pass', async () => {
    let running = 0;
    let mostAtOnce = 0;
    let runs = 0;
    let finished = 0;
    const errors: unknown[] = [];
    const poller = pollEvery(
      5,
      async () => {
        runs++;
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(20); // longer than the interval
        running--;
        finished++;
        if (runs === 1) throw new Error('database away');
      },
      (error) => errors.push(error),
    );
    await sleep(120);
    await poller.stop();
    expect(mostAtOnce).toBe(1);
    expect(runs).toBeGreaterThan(1);
    expect(errors).toHaveLength(1);
    expect(finished).toBe(runs);
    const after = runs;
    await sleep(30);
    expect(runs).toBe(after);
  });
});
