// Drives scripts/check-event-compat.mjs as CI does, on copies of the real schemas with
// synthetic breaking and compatible changes.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../scripts/check-event-compat.mjs', import.meta.url));
const baselineDir = fileURLToPath(new URL('../events/baseline', import.meta.url));
const schemasDir = fileURLToPath(new URL('../events/schemas', import.meta.url));
const submitted = 'cn.shuangchuang.intake.application.submitted.v1';
const updated = 'cn.shuangchuang.registry.incubator.updated.v1';

let work: string;
let schemas: string;

async function check(...extra: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [
      script,
      '--baseline',
      join(work, 'baseline'),
      '--schemas',
      schemas,
      ...extra,
    ]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

function edit(type: string, change: (schema: any) => void) {
  const file = join(schemas, `${type}.json`);
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  change(schema);
  writeFileSync(file, JSON.stringify(schema, null, 2));
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'event-compat-'));
  schemas = join(work, 'schemas');
  cpSync(baselineDir, join(work, 'baseline'), { recursive: true });
  cpSync(schemasDir, schemas, { recursive: true });
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('check-event-compat', () => {
  it('passes on the committed schemas and baseline', async () => {
    const { stdout } = await run(process.execPath, [script]);
    expect(stdout).toContain('compatible');
  });

  it('passes when an optional field is added or an enum value removed', async () => {
    edit(submitted, (schema) => {
      schema.properties.projectStage = { type: 'string', maxLength: 30 };
    });
    edit(updated, (schema) => {
      schema.properties.kind.enum = schema.properties.kind.enum.filter(
        (kind: string) => kind !== 'demo_base',
      );
    });
    const result = await check();
    expect(result.code, result.output).toBe(0);
  });

  it('fails when a required field is removed', async () => {
    edit(submitted, (schema) => {
      delete schema.properties.carrierId;
      schema.required = schema.required.filter((name: string) => name !== 'carrierId');
    });
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.output).toContain(`${submitted} (data).carrierId: required field removed`);
  });

  it('fails when a required field is renamed', async () => {
    edit(submitted, (schema) => {
      schema.properties.targetCarrierId = schema.properties.carrierId;
      delete schema.properties.carrierId;
      schema.required = schema.required.map((name: string) =>
        name === 'carrierId' ? 'targetCarrierId' : name,
      );
    });
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.output).toContain('carrierId: required field removed or renamed');
  });

  it('fails when a required field becomes optional', async () => {
    edit(submitted, (schema) => {
      schema.required = schema.required.filter((name: string) => name !== 'founderUserId');
    });
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.output).toContain('founderUserId: required field became optional');
  });

  it('fails when a type changes, nested fields included', async () => {
    edit(updated, (schema) => {
      schema.properties.location.properties.coordinates.properties.lat = { type: 'string' };
      schema.properties.honors.items.properties.year = { type: 'string' };
    });
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      '(data).location.coordinates.lat: type changed from number to string',
    );
    expect(result.output).toContain('(data).honors[].year: type changed from number to string');
  });

  it('fails when an enum gains a value', async () => {
    edit(updated, (schema) => {
      schema.properties.status.enum.push('suspended');
    });
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.output).toContain('(data).status: enum gained suspended');
  });

  it('accepts the breaking change once the major version is raised', async () => {
    const v2 = submitted.replace('.v1', '.v2');
    cpSync(join(schemas, `${submitted}.json`), join(schemas, `${v2}.json`));
    rmSync(join(schemas, `${submitted}.json`));
    edit(v2, (schema) => {
      delete schema.properties.carrierId;
      schema.required = schema.required.filter((name: string) => name !== 'carrierId');
    });
    const result = await check();
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`${submitted}: replaced by ${v2}`);
    expect(result.output).toContain(`${v2}: new event type`);
  });

  it('fails when an event type disappears without a successor', async () => {
    rmSync(join(schemas, `${submitted}.json`));
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.output).toContain(`${submitted}: event type removed`);
  });

  it('updates the baseline only when compatible', async () => {
    edit(submitted, (schema) => {
      schema.properties.projectStage = { type: 'string', maxLength: 30 };
    });
    expect((await check('--update-baseline')).code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(work, 'baseline', `${submitted}.json`), 'utf8'));
    expect(baseline.properties.projectStage).toEqual({ type: 'string', maxLength: 30 });

    edit(submitted, (schema) => {
      schema.properties.projectStage = { type: 'integer' };
    });
    expect((await check('--update-baseline')).code).toBe(1);
    const kept = JSON.parse(readFileSync(join(work, 'baseline', `${submitted}.json`), 'utf8'));
    expect(kept.properties.projectStage.type).toBe('string');
  });
});
