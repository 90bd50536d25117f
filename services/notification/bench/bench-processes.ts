// What both benchmarks of this service share: the services as child processes (their built
// dist/main.js, as in production), waiting for them, and source events published as their
// producers would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Producer } from 'kafkajs';
import { sourceEventMessage } from '../test/support/source-events.js';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
// The children (working directory: the root) and this process sign and verify with one
// development key pair: the root's, where `npm start` keeps it too.
process.env.JWT_KEYS_DIR ??= join(root, '.data', 'jwt-keys');
const children: ChildProcess[] = [];

/** A service's built main.js in a child process; stopped by stopChildren(). */
export function startChild(script: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

export async function stopChildren(): Promise<void> {
  for (const child of children.reverse()) {
    child.kill('SIGTERM');
    await Promise.race([
      once(child, 'exit'),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]);
  }
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Publishes a source event as its producer would (CloudEvents binary mode); returns its id. */
export async function publishEvent(
  producer: Producer,
  type: string,
  key: string,
  data: unknown,
): Promise<string> {
  const id = randomUUID();
  const { topic, ...message } = sourceEventMessage(type, key, data, id);
  await producer.send({ topic, acks: -1, messages: [message] });
  return id;
}

/** The carrier-created event of a carrier accepting applications. */
export function carrierCreated(carrierId: string, name: string) {
  return {
    carrierId,
    version: 1,
    kind: 'incubator',
    level: 'national',
    name,
    aliases: [],
    operator: { name: `${name}运营有限公司`, type: 'platform_company' },
    location: { province: '山东省', city: '德州市' },
    focusIndustries: ['智能制造'],
    honors: [],
    accepting: true,
    status: 'active',
    updatedAt: new Date().toISOString(),
  };
}

/** The line each benchmark's notes end with: when it ran and how loaded the machine was. */
export function runNote(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join('/');
  return `Run ${new Date().toISOString().slice(0, 16)} UTC; load average ${load} (1/5/15 min) at the end, on ${os.cpus().length} cores.`;
}
