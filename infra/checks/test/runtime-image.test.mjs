// What the service image does, without Docker: `turbo prune` the workspace for registry, narrow it
// to the runtime workspace (infra/docker/runtime-workspace.mjs), `npm ci --omit=dev` there, lay the
// built files over it, and start the service from it against the test infrastructure (embedded by default).
// A dependency the service needs but does not declare, or a test-only package that slips into
// the runtime, fails here.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestInfrastructure, uniqueName } from '@shuangchuang/test-infrastructure';
import { freePort } from '@shuangchuang/local-stack/stack.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeClosure, writeRuntimeWorkspace } from '../../docker/runtime-workspace.mjs';

const repository = new URL('../../../', import.meta.url).pathname;
const service = 'registry';
const built = existsSync(join(repository, 'services', service, 'dist/main.js'));
if (!built) console.log(`runtime image test skipped: ${service} is not built (npm run build)`);

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

describe.skipIf(!built)(`${service} from its runtime workspace`, () => {
  let dir;
  let pruned;
  let app;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'runtime-image-'));
    pruned = join(dir, 'out');
    app = join(dir, 'app');
    const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo');
    run(
      process.execPath,
      [turbo, 'prune', `@shuangchuang/${service}`, '--docker', `--out-dir=${pruned}`],
      repository,
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('turbo prune gives npm ci a lock and the manifest of every workspace package it names', () => {
    const root = JSON.parse(readFileSync(join(pruned, 'json/package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(join(pruned, 'json/package-lock.json'), 'utf8'));
    for (const workspace of root.workspaces) {
      expect(existsSync(join(pruned, 'json', workspace, 'package.json')), workspace).toBe(true);
      expect(existsSync(join(pruned, 'full', workspace, 'src')), workspace).toBe(true);
      expect(lock.packages[workspace], workspace).toBeDefined();
    }
    expect(root.workspaces).toContain(`services/${service}`);
  });

  it('runs with the workspace packages it depends on, not those it is tested or benchmarked with', () => {
    const closure = runtimeClosure(join(pruned, 'json'), service);
    expect(closure).toEqual([
      'packages/china-gazetteer',
      'packages/chinese-text',
      'packages/contracts',
      'packages/event-backbone',
      'packages/mongo-kit',
      'packages/service-kit',
      `services/${service}`,
    ]);
  });

  it('installs its production dependencies alone with npm ci --omit=dev', () => {
    writeRuntimeWorkspace({ service, from: join(pruned, 'json'), to: app, manifestsOnly: true });
    run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], app);
    const installed = (name) => existsSync(join(app, 'node_modules', name));
    for (const name of ['express', 'mongoose', 'kafkajs', 'pino', '@shuangchuang/service-kit']) {
      expect(installed(name), name).toBe(true);
    }
    for (const name of [
      '@shuangchuang/embedded-kafka',
      '@shuangchuang/embedded-mongo',
      '@shuangchuang/test-infrastructure',
      '@shuangchuang/bench-kit',
      'testcontainers',
      'vitest',
      'typescript',
      'turbo',
      'autocannon',
      'tsx',
    ]) {
      expect(installed(name), name).toBe(false);
    }
    expect(readdirSync(join(app, 'packages')).sort()).toEqual([
      'china-gazetteer',
      'chinese-text',
      'contracts',
      'event-backbone',
      'mongo-kit',
      'service-kit',
    ]);
  });

  it('starts from it against the embedded broker and database, answers, and stops on SIGTERM', async () => {
    writeRuntimeWorkspace({ service, from: repository, to: app });
    expect(existsSync(join(app, 'services', service, 'src'))).toBe(false);
    expect(existsSync(join(app, 'services', service, 'test'))).toBe(false);

    const infrastructure = await startTestInfrastructure();
    const port = await freePort();
    // production verifies tokens with public keys of its own (a JWKS), never a development one
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwksFile = join(mkdtempSync(join(tmpdir(), 'runtime-image-keys-')), 'jwks.json');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'runtime-image-test', alg: 'ES256' };
    writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
    // As the image runs it: WORKDIR /app/services/<service>, CMD node dist/main.js.
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: join(app, 'services', service),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
        MONGO_URL: infrastructure.mongoUrl,
        MONGO_DB_NAME: uniqueName(service),
        JWT_JWKS_FILE: jwksFile,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 90_000;
      let ready = false;
      while (!ready && Date.now() < deadline && child.exitCode === null) {
        ready = await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(ready, output).toBe(true);
      const search = await fetch(`${base}/api/${service}/carriers?limit=1`);
      expect(search.status, output).toBe(200);
      child.kill('SIGTERM');
      expect(await exited, output).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await infrastructure.stop();
    }
  });
});
