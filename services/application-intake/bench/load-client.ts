// Child process of the benchmark: the HTTP load generator, apart from the servers it measures, so
// the client's own CPU (fetch, undici) does not share the event loop with the service or the bare
// endpoint. The parent sends one job at a time over IPC and gets the figures back.
import { fetchStatus, runLoad, type LoadFigures } from '@shuangchuang/bench-kit';

export interface LoadJob {
  name: string;
  concurrency: number;
  requests: { url: string; method: string; headers: Record<string, string>; body?: string }[];
}

export type LoadReply = { figures: LoadFigures } | { error: string };

process.on('message', (job: LoadJob) => {
  void runLoad({
    concurrency: job.concurrency,
    count: job.requests.length,
    request: async (i) => {
      const status = await fetchStatus(job.requests[i]!.url, job.requests[i]);
      // A failed request is a broken benchmark, not a data point.
      if (status >= 300) throw new Error(`${job.name}: HTTP ${status}`);
      return status;
    },
  }).then(
    (figures) => process.send!({ figures } satisfies LoadReply),
    (error: Error) => process.send!({ error: error.message } satisfies LoadReply),
  );
});
// The parent going away (IPC closed) ends us too.
process.on('disconnect', () => process.exit(0));
