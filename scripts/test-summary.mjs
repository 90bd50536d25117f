#!/usr/bin/env node
// Adds up the JSON reports every workspace's vitest run wrote and prints one closing line,
// so a reader (and CI) sees the whole test run's count in one place.
// `--begin` (run first) marks when this test run started; reports older than the mark, such as a
// browser run's report left from an earlier `npm run test:e2e`, are not counted.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const mark = join(root, 'node_modules', '.test-run-started');
if (process.argv.includes('--begin')) {
  writeFileSync(mark, new Date().toISOString());
  process.exit(0);
}
const runStarted = existsSync(mark) ? statSync(mark).mtimeMs : 0;
// Every workspace the root package.json declares (folders, or `group/*` globs).
const declared = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const workspaceDirs = declared.flatMap((entry) => {
  if (!entry.endsWith('/*')) return [join(root, entry)];
  const group = join(root, entry.slice(0, -2));
  return existsSync(group) ? readdirSync(group).map((name) => join(group, name)) : [];
});

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of workspaceDirs) {
  const reports = join(dir, 'test-results');
  if (!existsSync(reports)) continue;
  for (const file of readdirSync(reports).filter((name) => name.endsWith('.json'))) {
    if (statSync(join(reports, file)).mtimeMs < runStarted) continue;
    const result = JSON.parse(readFileSync(join(reports, file), 'utf8'));
    const p = result.numPassedTests ?? 0;
    const f = result.numFailedTests ?? 0;
    const s = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    passed += p;
    failed += f;
    skipped += s;
    rows.push(
      `  ${(dir.slice(root.length) + ' ' + file).padEnd(48)} ${p} passed, ${f} failed, ${s} skipped`,
    );
  }
}
console.log(rows.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
