// The image recipes and the Compose file, checked without a Docker engine: the Dockerfiles'
// instructions (parsed by dockerfile-ast, the parser of the Dockerfile language server), the
// build context's exclusions, and the Compose file (Compose v1 itself, `docker-compose config`,
// where Debian's docker-compose is installed, and the rules below everywhere).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncapiCatalogPath, serviceNames } from '@shuangchuang/contracts/documents';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repository = new URL('../../../', import.meta.url).pathname;
const infra = join(repository, 'infra');

function dockerfile(name) {
  const text = readFileSync(join(infra, 'docker', name), 'utf8');
  const parsed = DockerfileParser.parse(text);
  const instructions = parsed.getInstructions().map((instruction) => {
    // COPY's and ADD's --from= and the like are flags, apart from the arguments.
    const flags = (instruction.getFlags?.() ?? []).map((f) => `--${f.getName()}=${f.getValue()}`);
    return {
      keyword: instruction.getKeyword(),
      args: [...flags, instruction.getArgumentsContent() ?? ''].join(' '),
    };
  });
  // Stages: the instructions after each FROM, named by its AS.
  const stages = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, , name] = instruction.args.split(/\s+/);
      stages.push({ image, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  const args = Object.fromEntries(
    parsed
      .getARGs()
      .filter((arg) => arg.getProperty()?.getValue())
      .map((arg) => [arg.getProperty().getName(), arg.getProperty().getValue()]),
  );
  return { text, instructions, stages, args };
}

const inStage = (stage, keyword) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('service image (infra/docker/service.Dockerfile)', () => {
  const { stages, args } = dockerfile('service.Dockerfile');
  const stage = (name) => stages.find((s) => s.name === name);
  const runtime = stages.at(-1);

  it('runs on Node 22 or 24 LTS, slim', () => {
    expect(args.NODE_IMAGE).toMatch(/^node:(22|24)(\.\d+)*-(bookworm|trixie)-slim$/);
    for (const { image } of stages) expect(image).toBe('${NODE_IMAGE}');
  });

  it('builds from the workspace turbo prune cuts down to the service', () => {
    expect(inStage(stage('prune'), 'RUN').join('\n')).toMatch(
      /turbo prune "@shuangchuang\/\$\{SERVICE\}" --docker/,
    );
  });

  it('installs with npm ci, the dependencies in a layer of their own before the sources', () => {
    const build = stage('build').instructions.map((i) => `${i.keyword} ${i.args}`);
    const install = build.findIndex((line) => /^RUN npm ci\b/.test(line));
    expect(build.findIndex((line) => line.includes('out/json/'))).toBeLessThan(install);
    expect(build.findIndex((line) => line.includes('out/full/'))).toBeGreaterThan(install);
    expect(inStage(stage('dependencies'), 'RUN').join('\n')).toMatch(/npm ci --omit=dev/);
    for (const { instructions } of stages) {
      for (const { keyword, args: line } of instructions) {
        if (keyword === 'RUN') expect(line).not.toMatch(/npm (install|i)\b(?! --global)/);
      }
    }
  });

  it('ships only the runtime workspace and its production dependencies, as a non-root user', () => {
    const copies = inStage(runtime, 'COPY');
    expect(copies).toEqual(['--from=dependencies /app /app', '--from=build /runtime/ /app/']);
    expect(inStage(runtime, 'USER')).toEqual(['node']);
    expect(inStage(runtime, 'HEALTHCHECK')[0]).toMatch(/\/healthz/);
    expect(inStage(runtime, 'CMD')).toEqual(['["node", "dist/main.js"]']);
    expect(inStage(runtime, 'RUN')).toEqual([]);
  });
});

describe('gateway image (infra/docker/miniapp.Dockerfile)', () => {
  const { stages, args } = dockerfile('miniapp.Dockerfile');
  const runtime = stages.at(-1);

  it('builds the H5 app and /docs from a pruned workspace with npm ci', () => {
    expect(args.NODE_IMAGE).toMatch(/^node:(22|24)(\.\d+)*-(bookworm|trixie)-slim$/);
    const runs = stages.flatMap((stage) => inStage(stage, 'RUN')).join('\n');
    expect(runs).toMatch(/turbo prune @shuangchuang\/miniapp @shuangchuang\/api-docs --docker/);
    expect(runs).toMatch(/^npm ci$/m);
    expect(runs).toMatch(/build:h5/);
    expect(runs).toMatch(/-w @shuangchuang\/api-docs/);
  });

  it('serves static files from unprivileged nginx with a health check', () => {
    expect(args.NGINX_IMAGE).toMatch(/^nginxinc\/nginx-unprivileged:\d+\.\d+(\.\d+)?-alpine$/);
    expect(inStage(runtime, 'USER')).toEqual(['101']);
    expect(inStage(runtime, 'HEALTHCHECK')[0]).toMatch(/\/healthz/);
    expect(inStage(runtime, 'COPY')).toContain(
      '--from=build /repo/infra/api-docs/dist /usr/share/nginx/html/docs',
    );
  });
});

describe('build context (.dockerignore)', () => {
  const ignored = readFileSync(join(repository, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));

  it.each(['.git', '.data', 'node_modules', '**/node_modules', '**/dist', '**/generated', '.env'])(
    'leaves out %s',
    (entry) => {
      expect(ignored).toContain(entry);
    },
  );
});

describe('docker-compose.yml', () => {
  const file = join(infra, 'docker-compose.yml');
  const compose = parse(readFileSync(file, 'utf8'), { merge: true });

  it('has no top-level key Compose v1 refuses', () => {
    expect(
      Object.keys(compose)
        .filter((key) => !key.startsWith('x-'))
        .sort(),
    ).toEqual(['services', 'volumes']);
  });

  const v1 = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  const haveV1 = v1.status === 0 && v1.stdout.startsWith('1.');
  if (!haveV1)
    console.log('docker-compose v1 not found (Debian package docker-compose): rules only');

  it.skipIf(!haveV1)('is valid for Compose v1 (docker-compose config)', () => {
    const result = spawnSync('docker-compose', ['-p', 'shuangchuang', '-f', file, 'config', '-q'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        JWT_JWKS_FILE: '/keys/jwks.json',
        JWT_PRIVATE_KEY_FILE: '/keys/private.jwk.json',
        WECHAT_APP_ID: 'x',
        WECHAT_APP_SECRET: 'x',
      },
    });
    expect(result.status, result.stderr).toBe(0);
  });

  it('mounts the public token keys into every service, the private key only into application-intake', () => {
    expect(readFileSync(file, 'utf8')).not.toContain('JWT_SECRET');
    for (const service of serviceNames) {
      const { volumes, environment } = compose.services[service];
      expect(environment.JWT_JWKS_FILE).toBe('/run/secrets/jwt_jwks');
      expect(volumes.some((v) => v.endsWith(':/run/secrets/jwt_jwks:ro'))).toBe(true);
      const signs = service === 'application-intake';
      expect(volumes.some((v) => v.endsWith(':/run/secrets/jwt_private_key:ro'))).toBe(signs);
      expect(Boolean(environment.JWT_PRIVATE_KEY_FILE)).toBe(signs);
    }
  });

  it('runs real Kafka in KRaft mode and a MongoDB replica set', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.mongo.command).toContain('--replSet');
  });

  it.each(serviceNames)('builds %s from the service image recipe', (service) => {
    const entry = compose.services[service];
    expect(entry.build.dockerfile).toBe('infra/docker/service.Dockerfile');
    expect(entry.build.args.SERVICE).toBe(service);
    expect(entry.environment.KAFKA_BROKERS).toBe('kafka:9092');
    expect(entry.environment.MONGO_URL).toContain('replicaSet=rs0');
    expect(entry.depends_on.kafka.condition).toBe('service_healthy');
    expect(compose.services.gateway.depends_on[service].condition).toBe('service_healthy');
  });

  it('provisions every topic of the catalog with its partitions and retention', () => {
    const command = compose.services['kafka-topics'].command.join('\n');
    const catalog = parse(readFileSync(asyncapiCatalogPath(), 'utf8'));
    const topics = Object.values(catalog.channels).map((channel) => channel.bindings.kafka);
    const loop = command
      .match(/for topic in ([^;]+);/)[1]
      .trim()
      .split(/\s+/);
    expect(loop.sort()).toEqual(topics.map((t) => t.topic).sort());
    for (const { partitions, topicConfiguration } of topics) {
      expect(command).toContain(`--partitions ${partitions}`);
      expect(command).toContain(`--config retention.ms=${topicConfiguration['retention.ms']}`);
    }
  });

  it('routes /api/<service> and /docs in the nginx gateway like the development gateway', () => {
    const nginx = readFileSync(join(infra, 'nginx/gateway.conf'), 'utf8');
    for (const service of serviceNames) {
      expect(nginx).toContain(`location /api/${service}/`);
      expect(nginx).toContain(`proxy_pass http://${service}:8080`);
    }
    expect(nginx).toContain('location /docs/');
    expect(nginx).toContain('location = /healthz');
  });
});
