import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Runs `work` and, when `directory` is set (benches pass BENCH_CPU_PROF), records this process's
 * CPU profile for just that span into `<directory>/<name>.cpuprofile`, so a profile shows the
 * measured phase rather than the data generation and warm-up around it. Open it in Chrome DevTools.
 */
export async function profiledWhile<T>(
  directory: string | undefined,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!directory) return work();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(directory, { recursive: true });
    writeFileSync(
      join(directory, `${name.replace(/[^\w.-]+/g, '-')}.cpuprofile`),
      JSON.stringify(profile),
    );
    return result;
  } finally {
    session.disconnect();
  }
}
