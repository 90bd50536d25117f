import { setTimeout as wait } from 'node:timers/promises';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Exponential backoff with full jitter: attempt 1 waits up to initialMs, doubling to maxMs. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Waits, returning early (without throwing) when the signal aborts. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await wait(ms, undefined, { signal }).catch(() => {});
}
