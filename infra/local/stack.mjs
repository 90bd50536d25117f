// The whole system on one machine, as child processes: the embedded broker and database (unless
// real ones are named), every built service, and the gateway. Used by `npm start` and by the
// system test suites, so both run exactly the same thing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevelopmentKeys, answerClientErrorsWithProblems } from '@shuangchuang/service-kit';
import mongoose from 'mongoose';
import { createGateway } from './gateway.mjs';
import { gatewayLimitsFromEnv, gatewayProtection } from './gateway-limits.mjs';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SERVICES = ['registry', 'news-feed', 'application-intake', 'notification'];

const DEFAULT_PORTS = {
  kafka: 9092,
  mongo: 27017,
  registry: 3001,
  'news-feed': 3002,
  'application-intake': 3003,
  notification: 3004,
  gateway: 8080,
};

/**
 * Starts what is built. Options:
 * - dataDir: where the embedded servers keep their data; absent = in memory
 * - kafkaBrokers / mongoUrl: use these instead of the embedded servers
 * - ports: overrides of DEFAULT_PORTS; `ephemeral: true` lets the OS pick every port
 * - services: which services to start (default: every one that is built)
 * - env: extra environment for the services (and the gateway's GATEWAY_RATE_LIMIT_* / GATEWAY_BODY_LIMIT_BYTES)
 * - rateLimits: false turns every rate limit off (gateway and services), e.g. for load tests
 * - databaseSuffix: appended to each service's database name (MONGO_DB_NAME), so runs sharing one
 *   database server keep apart; stack.database(service) names the one a service uses
 * - onProgress(line): progress messages
 * - onOutput(name, text): what each child prints on stdout and stderr (default: nothing, or
 *   everything prefixed by its name when STACK_VERBOSE is set)
 * - signal: an AbortSignal; aborting while starting stops what was started and rejects
 * - ownProcessGroups: each child in a process group of its own, so a terminal's Ctrl-C reaches
 *   only the caller, which then stops the services before the broker and database they need to
 *   shut down cleanly (`npm start`); a caller that dies without stop() leaves them running
 */
export async function startStack(options = {}) {
  const progress = options.onProgress ?? (() => {});
  const output =
    options.onOutput ??
    (process.env.STACK_VERBOSE ? (name, text) => process.stdout.write(`[${name}] ${text}`) : null);
  const ports = options.ephemeral ? {} : { ...DEFAULT_PORTS, ...options.ports };
  const children = [];
  const env = { ...(options.rateLimits === false && RATE_LIMITS_OFF), ...options.env };
  let gatewayDb;
  const stack = {
    kafkaBrokers: options.kafkaBrokers,
    mongoUrl: options.mongoUrl,
    services: {},
    /** the development token key pair: `privateKeyFile` signs (staff tokens in tests), `jwksFile` verifies */
    tokenKeys: undefined,
    gatewayUrl: undefined,
    gateway: undefined,
    children,
    database: (service) => `${service}${options.databaseSuffix ?? ''}`,
    async stop() {
      await stopChildren(children.filter((c) => c.role === 'service'));
      if (stack.gateway) await new Promise((resolve) => stack.gateway.close(resolve));
      await gatewayDb?.close();
      await stopChildren(children.filter((c) => c.role === 'infrastructure'));
    },
    /** SIGKILLs one part ('kafka', 'mongo' or a service) and waits until the OS reports it gone. */
    async kill(name) {
      const entry = running(children, name);
      if (!entry) throw new Error(`no running ${name} in the stack`);
      const exited = new Promise((resolve) => entry.child.once('exit', resolve));
      entry.child.kill('SIGKILL');
      await exited;
    },
    /**
     * Starts a stopped or killed part again as it was: same script, arguments, environment, port
     * and data directory, so clients keep their address. Resolves when it listens (the embedded
     * servers) or answers /readyz (services).
     */
    async restart(name, { timeoutMs = 90_000 } = {}) {
      if (running(children, name)) throw new Error(`${name} is still running`);
      const previous = children.findLast((c) => c.name === name);
      if (!previous) throw new Error(`${name} was never started`);
      const args = [...previous.args];
      const portAt = args.indexOf('--port');
      // An embedded server first started on port 0 comes back on the port it got then.
      if (portAt >= 0) args[portAt + 1] = portOf(previous.address);
      const entry = await launch(
        name,
        previous.role,
        previous.script,
        args,
        previous.env,
        children,
        output,
        options.ownProcessGroups,
      );
      if (entry.role === 'service') {
        await waitForReady(`${stack.services[name].url}/readyz`, timeoutMs, entry);
      }
    },
  };

  const { signal } = options;
  const onAbort = () => stack.stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    if (!stack.kafkaBrokers) {
      progress('starting the embedded Kafka broker…');
      const args = ['--port', String(ports.kafka ?? 0)];
      if (options.dataDir) args.push('--data-dir', ensureDir(join(options.dataDir, 'kafka')));
      const child = await launch(
        'kafka',
        'infrastructure',
        cli('embedded-kafka'),
        args,
        {},
        children,
        output,
        options.ownProcessGroups,
      );
      stack.kafkaBrokers = child.address;
    }
    if (!stack.mongoUrl) {
      progress('starting the embedded MongoDB server…');
      const args = ['--port', String(ports.mongo ?? 0)];
      if (options.dataDir) args.push('--data-dir', ensureDir(join(options.dataDir, 'mongo')));
      const child = await launch(
        'mongo',
        'infrastructure',
        cli('embedded-mongo'),
        args,
        {},
        children,
        output,
        options.ownProcessGroups,
      );
      stack.mongoUrl = child.address;
    }

    // Tokens: a development key pair (generated on first start), the private key only to the
    // service that issues tokens, the public keys to every service.
    stack.tokenKeys = ensureDevelopmentKeys(
      options.dataDir
        ? join(options.dataDir, 'jwt-keys')
        : mkdtempSync(join(tmpdir(), 'shuangchuang-jwt-keys-')),
    );
    const wanted = options.services ?? SERVICES;
    for (const name of wanted) {
      const main = join(repositoryRoot, 'services', name, 'dist/main.js');
      if (!existsSync(main)) {
        progress(`${name}: not built, skipped`);
        continue;
      }
      signal?.throwIfAborted();
      progress(`starting ${name}…`);
      // 0 (like absent) means any free port.
      const port = ports[name] || (await freePort());
      await launch(
        name,
        'service',
        main,
        [],
        {
          PORT: String(port),
          MONGO_URL: stack.mongoUrl,
          KAFKA_BROKERS: stack.kafkaBrokers,
          ...(options.databaseSuffix ? { MONGO_DB_NAME: stack.database(name) } : {}),
          JWT_JWKS_FILE: stack.tokenKeys.jwksFile,
          ...(name === 'application-intake' && {
            JWT_PRIVATE_KEY_FILE: stack.tokenKeys.privateKeyFile,
          }),
          ...env,
        },
        children,
        output,
        options.ownProcessGroups,
      );
      const url = `http://127.0.0.1:${port}`;
      await waitForReady(`${url}/readyz`, 90_000, children.at(-1));
      stack.services[name] = { port, url };
    }

    const routes = Object.entries(stack.services).map(([name, { port }]) => ({ name, port }));
    const staticDir = join(repositoryRoot, 'miniapp/dist/h5');
    const docsDir = join(repositoryRoot, 'infra/api-docs/dist');
    // the gateway's rate limits count in the database, as replicas of it would share them
    const limits = gatewayLimitsFromEnv({ ...process.env, ...env });
    if (Object.values(limits.rateLimits).some(Boolean)) {
      gatewayDb = await mongoose
        .createConnection(stack.mongoUrl, {
          dbName: stack.database('gateway'),
          serverSelectionTimeoutMS: 1_000,
        })
        .asPromise();
    }
    const protection = gatewayProtection({ ...limits, db: gatewayDb?.db });
    stack.gateway = createGateway({ routes, staticDir, docsDir, protection }).listen(
      ports.gateway ?? 0,
      '127.0.0.1',
    );
    answerClientErrorsWithProblems(stack.gateway);
    await new Promise((resolve, reject) => {
      stack.gateway.once('listening', resolve);
      stack.gateway.once('error', reject);
    });
    stack.gatewayUrl = `http://127.0.0.1:${stack.gateway.address().port}`;
    signal?.throwIfAborted();
    return stack;
  } catch (error) {
    await stack.stop();
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

const RATE_LIMITS_OFF = {
  GATEWAY_RATE_LIMIT_AUTH: 'off',
  GATEWAY_RATE_LIMIT_WRITE: 'off',
  GATEWAY_RATE_LIMIT_READ: 'off',
  LOGIN_RATE_LIMIT_PER_CLIENT: 'off',
  LOGIN_RATE_LIMIT_PER_IDENTITY: 'off',
  ACCOUNT_CREATION_RATE_LIMIT_PER_CLIENT: 'off',
  ACCOUNT_CREATION_RATE_LIMIT: 'off',
};

function cli(packageName) {
  const path = join(repositoryRoot, 'packages', packageName, 'dist/cli.js');
  if (!existsSync(path)) throw new Error(`${packageName} is not built (${path} missing)`);
  return path;
}

function ensureDir(path) {
  mkdirSync(path, { recursive: true });
  return path;
}

const READY_LINE = /listening on (\S+)/;

function launch(name, role, script, args, env, children, output, detached = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached,
    });
    const entry = { name, role, script, args, env, child, output: [], address: undefined };
    children.push(entry);
    let settled = false;
    const onData = (chunk) => {
      const text = chunk.toString();
      entry.output.push(text);
      if (entry.output.length > 200) entry.output.shift();
      output?.(name, text);
      const match = text.match(READY_LINE);
      if (!settled && match) {
        settled = true;
        entry.address = match[1];
        resolve(entry);
      }
    };
    child.stdout.on('data', onData);
    // A service is ready when its /readyz says so (waitForReady), whatever it logs.
    if (role === 'service') {
      settled = true;
      resolve(entry);
    }
    child.stderr.on('data', (chunk) => {
      const text = chunk.toString();
      entry.output.push(text);
      output?.(name, text);
    });
    child.once('exit', (code, signal) => {
      entry.exited = { code, signal };
      if (!settled) {
        settled = true;
        reject(
          new Error(
            `${name} exited before it was ready (${signal ?? code}):\n${entry.output.join('').slice(-2000)}`,
          ),
        );
      }
    });
  });
}

/** The port of `host:port` (the broker) or of a mongodb:// URI. */
function portOf(address) {
  return new URL(address.includes('://') ? address : `tcp://${address}`).port;
}

function running(children, name) {
  return children.find((c) => c.name === name && !c.exited && c.child.exitCode === null);
}

async function waitForReady(url, timeoutMs, entry) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (entry.exited) {
      throw new Error(
        `${entry.name} exited (${entry.exited.signal ?? entry.exited.code}):\n${entry.output.join('').slice(-2000)}`,
      );
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
}

export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function stopChildren(entries) {
  await Promise.all(
    entries.map(
      ({ child, exited }) =>
        new Promise((resolve) => {
          if (exited || child.exitCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}
