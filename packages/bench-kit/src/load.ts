import { summarizeLatencies } from './statistics.js';

export interface LoadOptions {
  /**
   * Requests in flight at once. Without `ratePerSecond` a closed loop: each worker sends its next
   * when the last returns, so the rate is whatever the server sustains.
   */
  concurrency: number;
  /**
   * An open loop at this rate: request `i` is due `i / ratePerSecond` s after the start and its
   * latency counts from then, so time spent waiting for a free worker because the server fell
   * behind is counted too (no coordinated omission). Workers sleep until a request is due; a
   * timer firing late adds its lateness (about a millisecond) to that request.
   */
  ratePerSecond?: number;
  /** Stop starting requests after this long… */
  durationMs?: number;
  /** …or after this many (whichever comes first; one of the two is required). */
  count?: number;
  /** Sends request number `i` and resolves with its HTTP status. */
  request: (i: number) => Promise<number>;
}

export interface LoadFigures {
  count: number;
  /** Responses with a status ≥ 400. */
  failures: number;
  seconds: number;
  perSecond: number;
  /** Latencies in milliseconds. */
  p50: number;
  p99: number;
  max: number;
}

/** Runs `request` from `concurrency` workers and measures each call and the whole. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  if (options.durationMs === undefined && options.count === undefined) {
    throw new Error('runLoad needs durationMs or count');
  }
  const { ratePerSecond } = options;
  if (ratePerSecond !== undefined && !(ratePerSecond > 0)) {
    throw new Error(`runLoad: ratePerSecond must be positive, not ${ratePerSecond}`);
  }
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + (options.durationMs ?? Number.POSITIVE_INFINITY);
  const limit = options.count ?? Number.POSITIVE_INFINITY;
  const dueAt = (i: number) =>
    ratePerSecond === undefined ? undefined : started + (i * 1000) / ratePerSecond;
  const worker = async () => {
    while (next < limit && (dueAt(next) ?? performance.now()) < deadline) {
      const i = next++;
      const due = dueAt(i);
      if (due !== undefined && due > performance.now())
        await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const t0 = due ?? performance.now();
      const status = await options.request(i);
      latencies.push(performance.now() - t0);
      if (status >= 400) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const { count, p50, p99, max } = summarizeLatencies(latencies);
  return { count, failures, seconds, perSecond: count / seconds, p50, p99, max };
}

/** fetch that reads the whole body (so keep-alive reuses the connection) and returns the status. */
export async function fetchStatus(url: string, init?: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.status;
}
