// The benchmark's three processes: this file's helpers start the database + broker process and the
// service process from the load client's process, and talk to them over Node's IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  /** Sends `request` and resolves with the child's next reply. */
  ask<T>(request: unknown): Promise<T>;
  /** Asks the child to stop and waits until it has exited. */
  stop(): Promise<void>;
}

/** Forks `bench/<script>` under tsx; BENCH_CPU_PROF=<dir> makes it write a CPU profile there. */
export async function forkChild(
  script: string,
  args: string[] = [],
  nodeOptions: string[] = [],
): Promise<{ child: Child; ready: unknown }> {
  const profile = process.env.BENCH_CPU_PROF;
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    execArgv: [
      '--import',
      'tsx',
      ...nodeOptions,
      ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${script} exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as T);
      });
    });
  const ready = await next();
  return {
    ready,
    child: {
      process: child,
      ask<T>(request: unknown) {
        const reply = next<T>();
        child.send(request as never);
        return reply;
      },
      async stop() {
        if (child.exitCode === null) child.send('stop');
        await exited;
      },
    },
  };
}

/** In a child: answers `{ cpu: true }` with its CPU time so far (ms) and exits on 'stop'. */
export function serveParent(onStop: () => Promise<void>): void {
  process.on('message', (message) => {
    if (message === 'stop') {
      void onStop().finally(() => process.exit(0));
    } else if ((message as { cpu?: boolean })?.cpu) {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMs: (user + system) / 1000 });
    }
  });
  // the load client died: nothing left to serve
  process.on('disconnect', () => process.exit(0));
}
