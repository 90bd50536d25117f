#!/usr/bin/env node
// `npm run bench`: builds, runs every workspace's benchmark one at a time (each measures its own
// baseline in the same run), then gathers their bench-results/*.json into docs/benchmarks.md with
// the machine, the date and the load average around the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const output = join(root, 'docs', 'benchmarks.md');

function run(args) {
  const result = spawnSync(turbo, args, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

// Every workspace the root package.json declares (folders, or `group/*` globs).
const declared = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const workspaceDirs = declared.flatMap((entry) => {
  if (!entry.endsWith('/*')) return [join(root, entry)];
  const group = join(root, entry.slice(0, -2));
  return existsSync(group) ? readdirSync(group).map((name) => join(group, name)) : [];
});
const benchmarked = workspaceDirs.filter((dir) => {
  const manifest = join(dir, 'package.json');
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.bench;
});
// turbo would otherwise run `build` (the bench task's dependency) in every workspace, the
// mini-program's Taro builds included: only the benchmarked ones and what they depend on.
const names = benchmarked.map(
  (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name,
);
const filters = names.map((name) => `--filter=${name}...`);

const startedAt = new Date();
const loadBefore = os.loadavg();
console.log(
  `bench: building (${startedAt.toISOString()}, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')})`,
);
if (run(['run', 'build', '--output-logs=errors-only', ...filters]) !== 0) {
  console.error('bench: the build failed; nothing was measured');
  process.exit(1);
}
for (const dir of benchmarked) rmSync(join(dir, 'bench-results'), { recursive: true, force: true });

// One benchmark at a time: they would otherwise measure each other. --continue so one broken
// benchmark still leaves the others' figures.
const benchStatus = run([
  'run',
  'bench',
  '--concurrency=1',
  '--continue',
  ...names.map((name) => `--filter=${name}`),
]);

const results = [];
const failures = [];
for (const dir of benchmarked) {
  const folder = join(dir, 'bench-results');
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')) : [];
  if (files.length === 0) failures.push(dir.slice(root.length));
  for (const file of files.sort())
    results.push(JSON.parse(readFileSync(join(folder, file), 'utf8')));
}

const { describeMachine, renderBenchmarksMarkdown } =
  await import('../packages/bench-kit/dist/index.js');
const finishedAt = new Date();
const markdown = renderBenchmarksMarkdown(results, {
  startedAt,
  finishedAt,
  machine: describeMachine(),
  loadBefore,
  loadAfter: os.loadavg(),
  command: 'npm run bench',
  failures,
});
writeFileSync(output, markdown);
const minutes = ((finishedAt.getTime() - startedAt.getTime()) / 60_000).toFixed(1);
console.log(
  `bench: ${results.length} benchmarks written to docs/benchmarks.md in ${minutes} min` +
    (failures.length ? `; no result from ${failures.join(', ')}` : ''),
);
process.exit(benchStatus === 0 && failures.length === 0 ? 0 : 1);
