// The documents must pass a third-party linter: @redocly/cli with the recommended ruleset and
// our authorization rules (redocly.yaml, lint/authorization-rules.mjs), run as CI would, with no
// warnings left; and the authorization rules refuse what they are there to refuse.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { serviceNames } from '../src/documents.js';

const run = promisify(execFile);
const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const packageDir = fileURLToPath(new URL('..', import.meta.url));

const lint = (files: string[], cwd = packageDir) =>
  run(process.execPath, [redocly, 'lint', '--format=stylish', ...files], {
    cwd,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
  });

it('redocly lint passes on every OpenAPI document without warnings', async () => {
  const files = serviceNames.map((service) => `openapi/${service}.yaml`);
  const { stdout, stderr } = await lint(files).catch(
    (error: { stdout: string; stderr: string }) => {
      throw new Error(`redocly lint failed:\n${error.stdout}\n${error.stderr}`);
    },
  );
  const output = `${stdout}\n${stderr}`;
  for (const file of files) expect(output).toContain(`${file}: validated`);
  expect(output).not.toMatch(/\d+:\d+\s+(warning|error)\s/);
  expect(output).toMatch(/valid/);
}, 120_000);

it('refuses an operation without x-roles, with an unknown role, without 403, or with a bad x-scope', async () => {
  // inside the package, so the rules' imports resolve as they do here
  const dir = mkdtempSync(join(packageDir, '.lint-test-'));
  try {
    for (const part of ['openapi', 'lint', 'redocly.yaml']) {
      cpSync(join(packageDir, part), join(dir, part), { recursive: true });
    }
    const file = join(dir, 'openapi', 'registry.yaml');
    const edits: [string, string][] = [
      // retireCarrier loses its x-roles
      ['      x-roles:\n        - registry-admin\n      parameters:', '      parameters:'],
      // createCarrier names a role no token holds
      [
        '      x-roles:\n        - registry-admin\n      requestBody:',
        '      x-roles:\n        - registry-boss\n      requestBody:',
      ],
      // listCarrierAudit gets a scope answering 409, and loses its 403
      [
        '      operationId: listCarrierAudit\n',
        '      operationId: listCarrierAudit\n      x-scope:\n        carrier: 409\n',
      ],
    ];
    let text = readFileSync(file, 'utf8');
    for (const [from, to] of edits) {
      expect(text, from).toContain(from);
      text = text.replace(from, to);
    }
    const audit = text.indexOf('operationId: listCarrierAudit');
    const forbidden = text.indexOf("        '403':\n", audit);
    text = text.slice(0, forbidden) + text.slice(text.indexOf("        '404':", forbidden));
    writeFileSync(file, text);
    const failure = await lint(['openapi/registry.yaml'], dir).then(
      () => undefined,
      (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`,
    );
    expect(failure).toContain('every operation lists x-roles');
    expect(failure).toContain('unknown role registry-boss');
    expect(failure).toContain('x-scope carrier answers 403 or 404, not 409');
    expect(failure).toContain('a secured operation declares 403');
    expect(failure).toMatch(/❌ Validation failed with 4 errors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
