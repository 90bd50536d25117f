#!/usr/bin/env node
// Adds up the JSON reports every workspace's vitest run wrote and prints one closing line,
// so a reader (and CI) sees the whole test run's count in one place.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
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
