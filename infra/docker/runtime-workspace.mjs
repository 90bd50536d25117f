#!/usr/bin/env node
// The workspace one service runs from: the service and the workspace packages it needs at run
// time (followed through `dependencies` only), never those it needs only to build, test or
// benchmark (embedded servers, test infrastructure, bench kit). npm installs every workspace's
// dependencies, so those packages are left out of the root's `workspaces` and of the copy.
//
//   node runtime-workspace.mjs <service> <from> <to> [--manifests]
//
// <from> is a workspace (the repository, or `turbo prune`'s output); <to> gets the root
// package.json (workspaces narrowed), package-lock.json, and per package its package.json and,
// unless --manifests, what it ships: its `files`, or for a service all but sources and tests.
// `npm ci --omit=dev` in <to> then installs that service's production dependencies and no more.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// What a package without a `files` list (the services) keeps out of its runtime copy.
const NOT_SHIPPED = new Set([
  'src',
  'test',
  'bench',
  'node_modules',
  'test-results',
  'bench-results',
  'coverage',
  '.turbo',
]);
const notShipped = (name) =>
  NOT_SHIPPED.has(name) || /^tsconfig.*\.json$/.test(name) || /^vitest\.config\./.test(name);

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Workspace folders of a root package.json, its `dir/*` patterns expanded. */
export function workspaceDirs(root) {
  const dirs = [];
  for (const pattern of readJson(join(root, 'package.json')).workspaces ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
        const dir = `${parent}/${entry.name}`;
        if (entry.isDirectory() && existsSync(join(root, dir, 'package.json'))) dirs.push(dir);
      }
    } else if (existsSync(join(root, pattern, 'package.json'))) {
      dirs.push(pattern);
    }
  }
  return dirs;
}

/** The folders of `@shuangchuang/<service>` and of every workspace package it runs with. */
export function runtimeClosure(root, service) {
  const byName = new Map(
    workspaceDirs(root).map((dir) => [readJson(join(root, dir, 'package.json')).name, dir]),
  );
  const start = `@shuangchuang/${service}`;
  if (!byName.has(start)) throw new Error(`no workspace package ${start} in ${root}`);
  const found = new Set();
  const visit = (name) => {
    if (found.has(name)) return;
    found.add(name);
    const manifest = readJson(join(root, byName.get(name), 'package.json'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (byName.has(dependency)) visit(dependency);
    }
  };
  visit(start);
  return [...found].map((name) => byName.get(name)).sort();
}

export function writeRuntimeWorkspace({ service, from, to, manifestsOnly = false }) {
  const dirs = runtimeClosure(from, service);
  mkdirSync(to, { recursive: true });
  const root = readJson(join(from, 'package.json'));
  writeFileSync(
    join(to, 'package.json'),
    `${JSON.stringify({ ...root, workspaces: dirs }, null, 2)}\n`,
  );
  cpSync(join(from, 'package-lock.json'), join(to, 'package-lock.json'));
  for (const dir of dirs) {
    const source = join(from, dir);
    const target = join(to, dir);
    mkdirSync(target, { recursive: true });
    cpSync(join(source, 'package.json'), join(target, 'package.json'));
    if (manifestsOnly) continue;
    const { files } = readJson(join(source, 'package.json'));
    const shipped = files
      ? files.filter((entry) => existsSync(join(source, entry)))
      : readdirSync(source).filter((name) => !notShipped(name) && name !== 'package.json');
    for (const entry of shipped) {
      cpSync(join(source, entry), join(target, entry), { recursive: true, dereference: true });
    }
  }
  return dirs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [service, from, to, flag] = process.argv.slice(2);
  if (!service || !from || !to || (flag && flag !== '--manifests')) {
    process.stderr.write('usage: runtime-workspace.mjs <service> <from> <to> [--manifests]\n');
    process.exit(2);
  }
  const dirs = writeRuntimeWorkspace({ service, from, to, manifestsOnly: flag === '--manifests' });
  process.stdout.write(`runtime workspace of ${service}: ${dirs.join(', ')}\n`);
}
