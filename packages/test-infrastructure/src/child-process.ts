import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { InfrastructureMode, TestInfrastructure } from './index.js';

export interface InfrastructureProcess extends TestInfrastructure {
  /** The child's pid, for measuring its CPU apart from the process under test. */
  pid: number;
}

/**
 * The broker and database in a child process, as real ones would be: benchmarks use it so that
 * the measured service's event loop and CPU figures hold the service alone. Stopping closes the
 * child's stdin and waits for it to exit; the child also ends when this process dies.
 */
export async function startTestInfrastructureProcess(): Promise<InfrastructureProcess> {
  // dist/*.js under node; src/*.ts when this package's own tests run it through tsx
  const extension = extname(fileURLToPath(import.meta.url));
  const script = fileURLToPath(new URL(`./infrastructure-process${extension}`, import.meta.url));
  const child = spawn(
    process.execPath,
    [...(extension === '.ts' ? ['--import', 'tsx'] : []), script],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout! });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    exited.then(([code]) => {
      throw new Error(`the infrastructure process exited (${String(code)}) before it started`);
    }),
  ]);
  lines.close();
  const started = JSON.parse(first) as {
    mode: InfrastructureMode;
    mongoUrl: string;
    kafkaBrokers: string[];
  };
  return {
    ...started,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin!.end();
      await exited;
    },
  };
}
