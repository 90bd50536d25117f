// The load generator of the search benchmark, run in a child process of its own (forked by
// search.bench.ts) so autocannon does not share the event loop of the server it measures.
// It answers each `LoadRequest` message with a `LoadResult` message.
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  connections: number;
  /** seconds; or `amount` requests instead */
  duration?: number;
  amount?: number;
  paths: string[];
  /**
   * `per-connection`: every connection walks through `paths` from the first (autocannon's
   * `requests`); `shared`: one walk shared by all connections, so each request takes the next
   * path and no two requests in flight ask the same (uncached searches).
   */
  rotation: 'per-connection' | 'shared';
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

async function runLoad(request: LoadRequest): Promise<LoadResult> {
  let next = 0;
  const requests =
    request.rotation === 'shared'
      ? [
          {
            method: 'GET' as const,
            setupRequest: (req: autocannon.Request) => ({
              ...req,
              path: request.paths[next++ % request.paths.length]!,
            }),
          },
        ]
      : request.paths.map((path) => ({ method: 'GET' as const, path }));
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    ...(request.amount ? { amount: request.amount } : { duration: request.duration ?? 3 }),
    requests,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

process.on('message', (message: LoadRequest) => {
  runLoad(message).then(
    (result) => process.send!({ result }),
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
