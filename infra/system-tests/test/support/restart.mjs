// Kill and restart one service of a running stack (infra/local/stack.mjs has no restart of its own):
// the same script, arguments, port and environment, added to stack.children so stop() still ends it.
import { spawn } from 'node:child_process';
import { repositoryRoot } from '../../../local/stack.mjs';

/** SIGKILLs the named service's child process and waits until the OS reports it gone. */
export async function killService(stack, name) {
  const entry = liveEntry(stack, name);
  const exited = new Promise((resolve) => entry.child.once('exit', resolve));
  entry.child.kill('SIGKILL');
  await exited;
  return entry;
}

/** Starts the service again with what the stack gave it, and waits for its /readyz. */
export async function restartService(stack, name, { timeoutMs = 90_000 } = {}) {
  const previous = stack.children.filter((c) => c.name === name).at(-1);
  if (!previous) throw new Error(`${name} was never started`);
  if (previous.child.exitCode === null && previous.child.signalCode === null) {
    throw new Error(`${name} is still running`);
  }
  const { port, url } = stack.services[name];
  const [, ...args] = previous.child.spawnargs;
  const child = spawn(process.execPath, args, {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: String(port),
      MONGO_URL: stack.mongoUrl,
      KAFKA_BROKERS: stack.kafkaBrokers,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { name, role: 'service', child, output: [], restarted: true };
  const keep = (chunk) => {
    entry.output.push(chunk.toString());
    if (entry.output.length > 200) entry.output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('exit', (code, signal) => {
    entry.exited = { code, signal };
  });
  stack.children.push(entry);

  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (entry.exited) {
      throw new Error(`${name} exited on restart: ${entry.output.join('').slice(-2000)}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return entry;
      last = `${res.status}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} not ready ${timeoutMs} ms after restart: ${last}`);
}

function liveEntry(stack, name) {
  const entry = stack.children
    .filter((c) => c.name === name)
    .find((c) => c.child.exitCode === null && c.child.signalCode === null);
  if (!entry) throw new Error(`no running ${name} in the stack`);
  return entry;
}

/**
 * Restarts the embedded broker or database ('kafka' | 'mongo') after killService: same script and
 * data directory, on the port it had (clients keep their address). Only meaningful with a dataDir.
 */
export async function restartInfrastructure(stack, name, { timeoutMs = 90_000 } = {}) {
  const previous = stack.children.filter((c) => c.name === name).at(-1);
  if (!previous) throw new Error(`${name} was never started`);
  const address =
    name === 'kafka' ? stack.kafkaBrokers.split(',')[0] : new URL(stack.mongoUrl).host;
  const port = address.split(':').at(-1);
  const [, script, ...args] = previous.child.spawnargs;
  const portAt = args.indexOf('--port');
  args[portAt + 1] = port;
  const child = spawn(process.execPath, [script, ...args], {
    cwd: repositoryRoot,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = { name, role: 'infrastructure', child, output: [], restarted: true };
  stack.children.push(entry);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not listening ${timeoutMs} ms after restart`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk) => {
      entry.output.push(chunk.toString());
      if (/listening on/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk) => entry.output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      entry.exited = { code, signal };
      clearTimeout(timer);
      reject(new Error(`${name} exited on restart (${signal ?? code}): ${entry.output.join('')}`));
    });
  });
  return entry;
}
