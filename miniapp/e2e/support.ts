// What the end-to-end run needs around the browser: the embedded broker and database, the
// services as child processes (built if only their sources exist), and the development gateway
// serving dist/h5 and routing /api/<service>.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const miniappDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(miniappDir, '..');
export const JWT_SECRET = 'miniapp-e2e-secret-at-least-32-characters-long';

export type ServiceName = 'registry' | 'news-feed' | 'application-intake' | 'notification';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Makes sure services/<name>/dist/main.js exists, building the workspace once when only its
 * sources do. Returns why it cannot run, or null.
 */
export async function ensureBuilt(name: ServiceName): Promise<string | null> {
  const dir = join(repoRoot, 'services', name);
  if (existsSync(join(dir, 'dist/main.js'))) return null;
  if (!existsSync(join(dir, 'src/main.ts'))) return `${name} has no src/main.ts yet`;
  try {
    await promisify(execFile)('npm', ['run', 'build', '--workspace', `services/${name}`], {
      cwd: repoRoot,
      timeout: 300_000,
    });
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    const firstError = output.split('\n').find((line) => /error/i.test(line)) ?? String(error);
    return `${name} does not build (${firstError.trim().slice(0, 160)})`;
  }
  return existsSync(join(dir, 'dist/main.js')) ? null : `${name} build wrote no dist/main.js`;
}

export interface RunningService {
  name: ServiceName;
  port: number;
  child: ChildProcess;
  output: string[];
}

export async function startService(
  name: ServiceName,
  env: { mongoUrl: string; kafkaBrokers: string[] },
): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, 'services', name, 'dist/main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      MONGO_URL: env.mongoUrl,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      JWT_SECRET,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const service = { name, port, child, output };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited (${child.exitCode}): ${output.join('').slice(-1500)}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.ok) return service;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} not ready within 120 s: ${output.join('').slice(-1500)}`);
}

export async function stopService(service: RunningService): Promise<void> {
  if (service.child.exitCode !== null) return;
  const exited = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 1_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
