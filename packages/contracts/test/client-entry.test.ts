// The main entry is bundled into the mini-program by webpack: nothing reachable from it may
// import a Node built-in. Walks the relative imports from src/index.ts.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, expectTypeOf, it } from 'vitest';
import type {
  ApplicationSubmittedData,
  EventDataByType,
  EventType,
  IntakeApi,
} from '../src/index.js';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const importPattern = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g;

function reachableImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(importPattern)].flatMap(([, specifier]) => {
    if (!specifier!.startsWith('.')) return [specifier!];
    const target = resolve(dirname(file), specifier!.replace(/\.js$/, '.ts'));
    return reachableImports(target, seen);
  });
}

it('imports nothing Node-only from the client entry', () => {
  const packages = new Set(reachableImports(entry));
  const nodeOnly = [...packages].filter(
    (name) => name.startsWith('node:') || builtinModules.includes(name),
  );
  expect(nodeOnly).toEqual([]);
  expect([...packages]).toContain('openapi-fetch');
});

it('exports the event data types and the API namespaces', () => {
  expectTypeOf<
    EventDataByType['cn.shuangchuang.intake.application.submitted.v1']
  >().toEqualTypeOf<ApplicationSubmittedData>();
  expectTypeOf<ApplicationSubmittedData['status']>().toEqualTypeOf<'submitted'>();
  expectTypeOf<'cn.shuangchuang.news.article.published.v1'>().toExtend<EventType>();
  expectTypeOf<IntakeApi.components['schemas']['Applicant']['mobile']>().toEqualTypeOf<string>();
});
