// `npm start` as a process manager, an IDE's stop button or `timeout` runs it: the signal goes to
// npm's pid only, and every process the start made must be gone shortly after. Runs on ports the
// OS picks (other people use the defaults) with its data in a temporary directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SERVICES, repositoryRoot } from '../stack.mjs';

const PORT_VARIABLES = [
  'KAFKA_PORT',
  'MONGO_PORT',
  'REGISTRY_PORT',
  'NEWS_FEED_PORT',
  'APPLICATION_INTAKE_PORT',
  'NOTIFICATION_PORT',
  'GATEWAY_PORT',
];

const built = SERVICES.every((name) =>
  existsSync(join(repositoryRoot, 'services', name, 'dist/main.js')),
);
if (!built) console.log('npm start test skipped: the services are not built (npm run build)');

/** Parent pid of every process, read from /proc. */
function parents() {
  const map = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      map.set(Number(entry), Number(fields[1]));
    } catch {
      // exited while we read
    }
  }
  return map;
}

function descendants(pid) {
  const tree = parents();
  const found = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parent] of tree) {
      if (found.has(parent) && !found.has(child)) {
        found.add(child);
        grew = true;
      }
    }
  }
  return [...found];
}

const alive = (pid) => existsSync(`/proc/${pid}`) && !isZombie(pid);
function isZombie(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function waitFor(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!built)('npm start', () => {
  let npm;
  let dataDir;
  let started = [];

  afterEach(() => {
    // After a failure: nothing of this test outlives it.
    if (npm?.exitCode === null) process.kill(-npm.pid, 'SIGKILL');
    for (const pid of started.filter(alive)) process.kill(pid, 'SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    started = [];
  });

  it.each([
    ['SIGTERM', 'npm alone'],
    ['SIGINT', 'npm alone'],
    ['SIGINT', 'its whole process group, as a terminal’s Ctrl-C'],
  ])(
    'stops every process it started on %s to %s',
    async (signal, target) => {
      dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
      const env = { ...process.env, DATA_DIR: dataDir, NO_COLOR: '1' };
      for (const variable of PORT_VARIABLES) env[variable] = '0';
      delete env.KAFKA_BROKERS;
      delete env.MONGO_URL;
      let output = '';
      // Its own process group, so nothing here but the one kill() reaches it.
      npm = spawn('npm', ['start', '--', '--no-build'], {
        cwd: repositoryRoot,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      npm.stdout.on('data', (chunk) => (output += chunk));
      npm.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise((resolve) => npm.once('exit', resolve));

      await waitFor(
        () => output.includes('everything is up') || npm.exitCode !== null,
        180_000,
        'npm start to be up',
      );
      expect(output, output).toContain('everything is up');
      started = descendants(npm.pid);
      // npm, start.mjs, the broker, the database and the four services
      expect(started.length, output).toBeGreaterThanOrEqual(2 + 2 + SERVICES.length);

      // Service logs are on the terminal, prefixed by their name, and in DATA_DIR/logs.
      await waitFor(
        () => SERVICES.every((name) => new RegExp(`^${name} *│ .*listening`, 'm').test(output)),
        30_000,
        `every service's "listening" line on the terminal:\n${output}`,
      );
      expect(readdirSync(join(dataDir, 'logs')).sort()).toEqual(
        ['kafka', 'mongo', ...SERVICES].map((name) => `${name}.log`).sort(),
      );
      expect(readFileSync(join(dataDir, 'logs/registry.log'), 'utf8')).toMatch(
        /^\{"level":\d+.*"service":"registry"/m,
      );

      const signalled = Date.now();
      process.kill(target === 'npm alone' ? npm.pid : -npm.pid, signal);
      await exited;
      await waitFor(() => started.every((pid) => !alive(pid)), 30_000, 'every process to exit');
      console.log(
        `npm start: ${started.length} processes gone ${Date.now() - signalled} ms after ${signal}`,
      );
      expect(started.filter(alive)).toEqual([]);
      expect(output).toContain('[start] stopped');
      expect(output).not.toContain('killing what is left');
    },
    240_000,
  );
});
