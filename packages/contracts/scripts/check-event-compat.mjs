#!/usr/bin/env node
// Compares every event data schema with its committed baseline and fails when a change would
// break existing consumers without raising the event's major version (….v1 → ….v2):
//   - a required field removed or renamed, or made optional;
//   - a type changed (type, const, array items), at any depth;
//   - an enum gained values (consumers validating with the old schema would reject them).
// Adding optional fields or removing enum values is compatible: consumers are tolerant readers.
//
//   node scripts/check-event-compat.mjs [--baseline events/baseline] [--schemas events/schemas]
//   node scripts/check-event-compat.mjs --update-baseline   # after a compatible change
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const typesOf = (schema) =>
  [schema.type ?? []]
    .flat()
    .map((type) => (type === 'integer' ? 'number' : type))
    .sort()
    .join('|');

/** Breaking changes from `before` to `after` (both JSON Schemas), each as one sentence. */
export function findBreakingChanges(before, after, path = '(data)') {
  const problems = [];
  if (typesOf(before) !== typesOf(after)) {
    problems.push(
      `${path}: type changed from ${typesOf(before) || 'any'} to ${typesOf(after) || 'any'}`,
    );
  }
  if ('const' in before && JSON.stringify(before.const) !== JSON.stringify(after.const)) {
    problems.push(
      `${path}: const changed from ${JSON.stringify(before.const)} to ${JSON.stringify(after.const)}`,
    );
  }
  if (Array.isArray(before.enum)) {
    const known = new Set(before.enum.map((value) => JSON.stringify(value)));
    const added = (after.enum ?? []).filter((value) => !known.has(JSON.stringify(value)));
    if (!Array.isArray(after.enum)) problems.push(`${path}: enum constraint removed`);
    else if (added.length > 0) problems.push(`${path}: enum gained ${added.join(', ')}`);
  }
  const beforeRequired = new Set(before.required ?? []);
  const afterRequired = new Set(after.required ?? []);
  for (const [name, beforeProperty] of Object.entries(before.properties ?? {})) {
    const afterProperty = after.properties?.[name];
    const fieldPath = `${path}.${name}`;
    if (beforeRequired.has(name) && !afterProperty) {
      problems.push(`${fieldPath}: required field removed or renamed`);
    } else if (beforeRequired.has(name) && !afterRequired.has(name)) {
      problems.push(`${fieldPath}: required field became optional`);
    }
    if (afterProperty)
      problems.push(...findBreakingChanges(beforeProperty, afterProperty, fieldPath));
  }
  if (before.items && after.items) {
    problems.push(...findBreakingChanges(before.items, after.items, `${path}[]`));
  }
  return problems;
}

const majorPattern = /^(.*)\.v(\d+)\.json$/;

/** Checks a schemas folder against a baseline folder; returns breaking changes and notes. */
export function checkFolders(baselineDir, schemasDir) {
  const breaking = [];
  const notes = [];
  const current = readdirSync(schemasDir).filter((name) => name.endsWith('.json'));
  for (const file of readdirSync(baselineDir).filter((name) => name.endsWith('.json'))) {
    const type = file.slice(0, -'.json'.length);
    if (!existsSync(join(schemasDir, file))) {
      const [, stem, major] = file.match(majorPattern) ?? [];
      const successor = current.find((name) => {
        const [, otherStem, otherMajor] = name.match(majorPattern) ?? [];
        return otherStem === stem && Number(otherMajor) > Number(major);
      });
      if (successor) notes.push(`${type}: replaced by ${successor.slice(0, -'.json'.length)}`);
      else breaking.push(`${type}: event type removed without a new major version`);
      continue;
    }
    const read = (dir) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const problem of findBreakingChanges(read(baselineDir), read(schemasDir))) {
      breaking.push(
        `${type} ${problem} — raise the major version (….v${Number((file.match(majorPattern) ?? [])[2]) + 1})`,
      );
    }
  }
  for (const file of current) {
    if (!existsSync(join(baselineDir, file)))
      notes.push(`${file.slice(0, -'.json'.length)}: new event type, not in the baseline yet`);
  }
  return { breaking, notes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'string', default: join(packageDir, 'events', 'baseline') },
      schemas: { type: 'string', default: join(packageDir, 'events', 'schemas') },
      'update-baseline': { type: 'boolean', default: false },
    },
  });
  const { breaking, notes } = checkFolders(values.baseline, values.schemas);
  for (const note of notes) console.log(`note: ${note}`);
  for (const problem of breaking) console.error(`BREAKING: ${problem}`);
  if (breaking.length > 0) process.exit(1);
  if (values['update-baseline']) {
    for (const file of readdirSync(values.schemas).filter((name) => name.endsWith('.json'))) {
      copyFileSync(join(values.schemas, file), join(values.baseline, file));
    }
    console.log('baseline updated');
  }
  console.log('event schemas are compatible with the baseline');
}
