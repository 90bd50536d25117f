#!/usr/bin/env node
// MongoDB's unified-format specification tests (mongodb/specifications) run with the Node driver
// against embedded-mongo, or against the server MONGO_URL names. The spec files are read from the
// paths given (directories or .json files); they are never part of this repository.
//
//   npm run build -w @shuangchuang/embedded-mongo
//   npm run conformance -w @shuangchuang/embedded-mongo -- <specifications>/source/crud/tests/unified
//   MONGO_URL=mongodb://127.0.0.1:27017/?directConnection=true npm run conformance -w ... -- <path>
//
// Options: --filter <regex> (file name + test description), --verbose (every test),
// --json <file> (every result), --server-version / --topology (evaluate runOnRequirements as
// that server, default: what the server reports), --run-driver-deviations (also run the tests
// the Node driver fails whatever the server; see DRIVER_DEVIATIONS in unified/runner.mjs).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { describeServer, loadTestFile, runTestFile } from './unified/runner.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    filter: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    json: { type: 'string' },
    'server-version': { type: 'string' },
    topology: { type: 'string' },
    'run-driver-deviations': { type: 'boolean', default: false },
  },
});
if (positionals.length === 0) {
  process.stderr.write('usage: conformance/run.mjs [options] <spec directory or .json file>...\n');
  process.exit(2);
}

function testFiles(path) {
  const full = resolve(path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(full, name));
}

const files = positionals.flatMap(testFiles);
let embedded;
let uri = process.env.MONGO_URL;
if (!uri) {
  const { start } = await import('../dist/index.js');
  // Fail points are test commands: mongod has them with enableTestCommands, as the spec suites expect.
  embedded = await start({ port: 0, logLevel: 'silent', enableTestCommands: true });
  uri = embedded.uri;
}
const internal = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
await internal.connect();
const reported = await describeServer(internal);
const server = {
  version: values['server-version'] ?? reported.version,
  topology: values.topology ?? reported.topology,
};
process.stdout.write(
  `server ${embedded ? 'embedded-mongo' : uri.replace(/\/\/[^@/]*@/, '//***@')} (reports ${reported.version}, ${reported.topology}); ` +
    `runOnRequirements evaluated as ${server.version} ${server.topology}; ${files.length} files\n`,
);
await internal
  .db('admin')
  .command({ killAllSessions: [] })
  .catch(() => {});

const filter = values.filter ? new RegExp(values.filter) : undefined;
const results = [];
for (const path of files) {
  const file = loadTestFile(path);
  const fileResults = await runTestFile(file, {
    uri,
    internal,
    server,
    filter,
    runDeviations: values['run-driver-deviations'],
  });
  results.push(...fileResults);
  if (values.verbose) {
    for (const r of fileResults) {
      if (r.status === 'skip') continue;
      const mark = { pass: 'ok    ', fail: 'FAIL  ', driver: 'DRIVER' }[r.status];
      process.stdout.write(
        `${mark} ${r.file}: ${r.description}${r.reason ? `\n       ${r.reason}` : ''}\n`,
      );
    }
  }
}

const count = (status) => results.filter((r) => r.status === status).length;
const passed = count('pass');
const failed = count('fail');
const failuresByFile = new Map();
for (const r of results.filter((r) => r.status === 'fail')) {
  const group = failuresByFile.get(r.file) ?? [];
  group.push(r);
  failuresByFile.set(r.file, group);
}
if (failuresByFile.size > 0) process.stdout.write('\nfailures by file:\n');
for (const [file, group] of failuresByFile) {
  process.stdout.write(`  ${file} (${group.length})\n`);
  for (const r of group)
    process.stdout.write(`    - ${r.description}\n        ${String(r.reason).slice(0, 400)}\n`);
}
const driver = results.filter((r) => r.status === 'driver');
if (driver.length > 0) {
  process.stdout.write('\nfailing with the Node driver whatever the server (not run):\n');
  const reasons = new Map();
  for (const r of driver)
    reasons.set(r.reason, [...(reasons.get(r.reason) ?? []), `${r.file}: ${r.description}`]);
  for (const [reason, tests] of reasons) {
    process.stdout.write(`  ${reason}\n`);
    for (const test of tests) process.stdout.write(`    - ${test}\n`);
  }
}
const ran = passed + failed;
const percent = (n, of) => `${((100 * n) / of).toFixed(1)} %`;
process.stdout.write(
  `\n${passed} passed, ${failed} failed, ${count('skip')} skipped by runOnRequirements, ` +
    `${driver.length} driver deviations` +
    (ran > 0
      ? `: ${percent(passed, ran)} of the ${ran} tests run` +
        (driver.length > 0
          ? `, ${percent(passed, ran + driver.length)} counting the driver deviations as failures`
          : '')
      : '') +
    '\n',
);
if (values.json) writeFileSync(values.json, JSON.stringify({ server, results }, null, 2) + '\n');

await internal.close();
await embedded?.stop();
process.exit(failed > 0 ? 1 : 0);
