// The documents must pass a third-party linter: @redocly/cli with the recommended ruleset
// (redocly.yaml), run as CI would, with no warnings left.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { serviceNames } from '../src/documents.js';

const run = promisify(execFile);
const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('redocly lint passes on every OpenAPI document without warnings', async () => {
  const files = serviceNames.map((service) => `openapi/${service}.yaml`);
  const { stdout, stderr } = await run(
    process.execPath,
    [redocly, 'lint', '--format=stylish', ...files],
    { cwd: packageDir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' } },
  ).catch((error: { stdout: string; stderr: string }) => {
    throw new Error(`redocly lint failed:\n${error.stdout}\n${error.stderr}`);
  });
  const output = `${stdout}\n${stderr}`;
  for (const file of files) expect(output).toContain(`${file}: validated`);
  expect(output).not.toMatch(/\d+:\d+\s+(warning|error)\s/);
  expect(output).toMatch(/valid/);
}, 120_000);
