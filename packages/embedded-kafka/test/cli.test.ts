import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { quietKafka, waitUntil } from './support/kafkajs.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(packageDir, 'dist', 'cli.js');
let dataDir: string;
const children = new Set<ChildProcess>();

beforeAll(() => {
  // `turbo run test` builds first; a bare `vitest run` may find dist/ missing or older than src/.
  const newestSource = Math.max(
    ...fs
      .readdirSync(path.join(packageDir, 'src'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs),
  );
  if (!fs.existsSync(cli) || fs.statSync(cli).mtimeMs < newestSource) {
    execFileSync(
      process.execPath,
      [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: packageDir,
      },
    );
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-kafka-cli-'));
}, 120_000);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the CLI and resolves with its port once it prints the ready line. */
function launch(
  args: string[],
): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const match = /^embedded-kafka listening on 127\.0\.0\.1:(\d+)$/.exec(line);
      if (match) resolve({ child, port: Number(match[1]), exited });
      else reject(new Error(`unexpected first line: ${line}`));
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

test('records acknowledged with acks=-1 survive a killed broker process; SIGTERM stops cleanly', async () => {
  const args = ['--port', '0', '--data-dir', dataDir, '--partitions', '2', '--log-level', 'warn'];
  const first = await launch(args);
  const kafka = quietKafka([`127.0.0.1:${first.port}`]);
  const producer = kafka.producer();
  await producer.connect();
  const values = Array.from({ length: 50 }, (_, i) => `acked-${i}`);
  for (const value of values)
    await producer.send({ topic: 'crash-safe', acks: -1, messages: [{ value }] });
  await producer.disconnect();
  first.child.kill('SIGKILL'); // no chance to flush anything else
  await first.exited;

  const second = await launch(args);
  const again = quietKafka([`127.0.0.1:${second.port}`]);
  const admin = again.admin();
  await admin.connect();
  const partitions = await admin.fetchTopicOffsets('crash-safe');
  expect(partitions).toHaveLength(2); // --partitions applied to the auto-created topic
  expect(partitions.reduce((sum, p) => sum + Number(p.high), 0)).toBe(50);
  await admin.disconnect();
  const consumer = again.consumer({ groupId: 'after-crash', maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'crash-safe', fromBeginning: true });
  const seen: string[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => void seen.push(message.value!.toString()),
  });
  await waitUntil(() => seen.length >= 50, 'every acknowledged record');
  await consumer.disconnect();
  expect(seen.sort()).toEqual([...values].sort());

  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 60_000);

test('SIGINT stops the CLI, and bad flags are refused with a usage message', async () => {
  const running = await launch(['--port', '0', '--log-level', 'silent']);
  running.child.kill('SIGINT');
  expect(await running.exited).toBe(0);

  await expect(launch(['--partitions', 'many'])).rejects.toThrow(/exited with 2.*--partitions/s);
  await expect(launch(['--log-level', 'loud'])).rejects.toThrow(/exited with 2/);
  await expect(launch(['--message-max-bytes', '1MB'])).rejects.toThrow(
    /exited with 2.*--message-max-bytes/s,
  );
  await expect(
    launch(['--group-min-session-timeout-ms', '9000', '--group-max-session-timeout-ms', '8000']),
  ).rejects.toThrow(/exited with 2.*must not exceed/s);
});

test('the size and session-timeout flags set the broker configs it reports', async () => {
  const running = await launch([
    '--port',
    '0',
    '--log-level',
    'silent',
    '--message-max-bytes',
    '2000',
    '--group-min-session-timeout-ms',
    '1000',
    '--group-max-session-timeout-ms',
    '60000',
  ]);
  const admin = quietKafka([`127.0.0.1:${running.port}`]).admin();
  await admin.connect();
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.BROKER, name: '0' }],
  });
  await admin.disconnect();
  const configs = Object.fromEntries(
    described.resources[0]!.configEntries.map((c) => [c.configName, c.configValue]),
  );
  expect(configs).toMatchObject({
    'message.max.bytes': '2000',
    'group.min.session.timeout.ms': '1000',
    'group.max.session.timeout.ms': '60000',
  });
  running.child.kill('SIGTERM');
  expect(await running.exited).toBe(0);
});
