// The deployment manifests are checked here because no Docker engine or cluster runs in CI:
// every service of the repository must be deployable, probed and non-root everywhere.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const infra = new URL('../..', import.meta.url).pathname;
const services = ['registry', 'news-feed', 'application-intake', 'notification'];

describe('docker-compose', () => {
  const compose = parse(readFileSync(join(infra, 'docker-compose.yml'), 'utf8'), { merge: true });

  it('runs real Kafka in KRaft mode and a MongoDB replica set', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.mongo.command).toContain('--replSet');
  });

  it('builds every service from the multi-stage non-root Dockerfile', () => {
    const dockerfile = readFileSync(join(infra, 'docker/service.Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    for (const service of services) {
      expect(compose.services[service].build.args.SERVICE).toBe(service);
      expect(compose.services[service].environment.KAFKA_BROKERS).toBe('kafka:9092');
      expect(compose.services[service].environment.MONGO_URL).toContain('replicaSet=rs0');
    }
  });

  it('provisions every declared topic', () => {
    const command = compose.services['kafka-topics'].command.join('\n');
    for (const topic of [
      'registry.incubator.v1',
      'news.article.v1',
      'intake.application.v1',
      'notification.delivery.v1',
      'identity.token.v1',
    ]) {
      expect(command).toContain(topic);
    }
  });

  it('gives every service the public token keys and only application-intake the private key', () => {
    expect(readFileSync(join(infra, 'docker-compose.yml'), 'utf8')).not.toContain('JWT_SECRET');
    for (const service of services) {
      expect(compose.services[service].secrets).toContain('jwt_jwks');
      expect(compose.services[service].environment.JWT_JWKS_FILE).toBe('/run/secrets/jwt_jwks');
      const signs = service === 'application-intake';
      expect(compose.services[service].secrets.includes('jwt_private_key')).toBe(signs);
      expect(Boolean(compose.services[service].environment.JWT_PRIVATE_KEY_FILE)).toBe(signs);
    }
  });

  it('routes /api/<service> in the nginx gateway like the development gateway', () => {
    const nginx = readFileSync(join(infra, 'nginx/gateway.conf'), 'utf8');
    for (const service of services) {
      expect(nginx).toContain(`location /api/${service}/`);
      expect(nginx).toContain(`proxy_pass http://${service}:8080`);
    }
  });
});

describe('kubernetes manifests', () => {
  const kustomization = parse(readFileSync(join(infra, 'k8s/kustomization.yaml'), 'utf8'));

  it('lists every manifest file in the kustomization', () => {
    const files = readdirSync(join(infra, 'k8s')).filter(
      (name) => name.endsWith('.yaml') && name !== 'kustomization.yaml',
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it.each(services)('deploys %s non-root with /healthz and /readyz probes', (service) => {
    const file = join(infra, 'k8s', `${service}.yaml`);
    expect(existsSync(file)).toBe(true);
    const [deployment, svc] = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS());
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(svc.kind).toBe('Service');
    // tokens: the JWKS everywhere, the signing key only where founder tokens are issued
    const volumes = Object.fromEntries(pod.volumes.map((v) => [v.name, v]));
    expect(volumes['token-jwks'].configMap.name).toBe('shuangchuang-token-jwks');
    expect(Boolean(volumes['token-signing-key'])).toBe(service === 'application-intake');
  });

  it('configures token verification, never a shared secret', () => {
    const config = parse(readFileSync(join(infra, 'k8s/config.yaml'), 'utf8'));
    expect(config.data).toMatchObject({ NODE_ENV: 'production', JWT_ALG: 'ES256' });
    expect(config.data.JWT_JWKS_FILE).toBe('/etc/shuangchuang/jwks/jwks.json');
    expect(JSON.stringify(config.data)).not.toContain('JWT_SECRET');
  });
});
