// The Kubernetes manifests without a cluster: every object against the Kubernetes schemas
// (kubernetes-models), every pod against Pod Security "restricted", and the rules of this
// platform (probes, disruption budgets, autoscaling, network policies, pinned images, resources).
// The production overlay's operator resources are checked for the fields the operators require,
// and its KafkaTopics against the event catalog.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asyncapiCatalogPath, serviceNames } from '@shuangchuang/contracts/documents';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const k8s = new URL('../../k8s/', import.meta.url).pathname;
const production = join(k8s, 'overlays/production');

function readObjects(dir, files) {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
      .map((document) => {
        if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
        return document.toJS();
      })
      .filter(Boolean)
      .map((object) => ({ file, object })),
  );
}

const baseKustomization = parse(readFileSync(join(k8s, 'kustomization.yaml'), 'utf8'));
const overlayKustomization = parse(readFileSync(join(production, 'kustomization.yaml'), 'utf8'));
const base = readObjects(k8s, baseKustomization.resources);
const overlay = readObjects(
  production,
  overlayKustomization.resources.filter((entry) => entry.endsWith('.yaml')),
);
const all = [...base, ...overlay];
const ofKind = (kind) => all.filter(({ object }) => object.kind === kind).map((e) => e.object);
const deployments = ofKind('Deployment');
const workloads = [...serviceNames, 'gateway'];

/** The kubernetes-models class of a built-in kind, e.g. apps/v1 Deployment. */
async function modelOf({ apiVersion, kind }) {
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

describe('kustomizations', () => {
  it('list every manifest of their folder', () => {
    const yamlFiles = (dir) =>
      readdirSync(dir).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
    expect([...baseKustomization.resources].sort()).toEqual(yamlFiles(k8s).sort());
    expect(overlayKustomization.resources).toContain('../..');
    expect(overlayKustomization.resources.filter((r) => r !== '../..').sort()).toEqual(
      yamlFiles(production).sort(),
    );
  });

  it('pin every image to a released tag, never :latest', () => {
    const images = deployments.flatMap((d) => d.spec.template.spec.containers.map((c) => c.image));
    expect(images).toHaveLength(workloads.length);
    for (const image of images) expect(image).toMatch(/^shuangchuang\/[a-z-]+:\d+\.\d+\.\d+$/);
    for (const { name, newTag } of baseKustomization.images) {
      expect(newTag, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(images.some((image) => image.startsWith(`${name}:`))).toBe(true);
    }
  });
});

describe('every object against the Kubernetes schemas', () => {
  it.each(
    base.map(({ file, object }) => [`${file}: ${object.kind} ${object.metadata.name}`, object]),
  )('%s', async (_name, object) => {
    const Model = await modelOf(object);
    expect(Model, `no schema for ${object.apiVersion} ${object.kind}`).toBeDefined();
    expect(() => new Model(object).validate()).not.toThrow();
  });

  it('rejects what the API server would (the check can fail)', async () => {
    const Model = await modelOf({ apiVersion: 'apps/v1', kind: 'Deployment' });
    const broken = structuredClone(deployments[0]);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'eighty';
    expect(() => new Model(broken).validate()).toThrow(/containerPort/);
  });
});

describe.each(workloads)('%s under Pod Security "restricted"', (name) => {
  const deployment = deployments.find((d) => d.metadata.name === name);
  const pod = deployment.spec.template.spec;

  it('runs as a non-root user with the runtime default seccomp profile', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork ?? false).toBe(false);
    expect(pod.hostPID ?? false).toBe(false);
    expect(pod.hostIPC ?? false).toBe(false);
  });

  it.each(pod.containers.map((c) => [c.name, c]))(
    'container %s: no privilege escalation, no capabilities, read-only root with /tmp',
    (_container, container) => {
      const security = container.securityContext;
      expect(security.allowPrivilegeEscalation).toBe(false);
      expect(security.privileged ?? false).toBe(false);
      expect(security.capabilities.drop).toEqual(['ALL']);
      expect(security.capabilities.add ?? []).toEqual([]);
      expect(security.readOnlyRootFilesystem).toBe(true);
      expect(security.runAsUser ?? pod.securityContext.runAsUser).toBeGreaterThan(0);
      const seccomp = security.seccompProfile?.type ?? pod.securityContext.seccompProfile.type;
      expect(['RuntimeDefault', 'Localhost']).toContain(seccomp);
      const tmp = container.volumeMounts.find((m) => m.mountPath === '/tmp');
      const volume = pod.volumes.find((v) => v.name === tmp.name);
      expect(volume.emptyDir).toBeDefined();
      // restricted allows only these volume types
      for (const v of pod.volumes) {
        const type = Object.keys(v).find((key) => key !== 'name');
        expect([
          'configMap',
          'csi',
          'downwardAPI',
          'emptyDir',
          'ephemeral',
          'persistentVolumeClaim',
          'projected',
          'secret',
        ]).toContain(type);
      }
    },
  );

  it.skipIf(name === 'gateway')(
    'verifies tokens with the public keys; only application-intake holds the signing key',
    () => {
      const volumes = Object.fromEntries(pod.volumes.map((v) => [v.name, v]));
      expect(volumes['token-jwks'].configMap.name).toBe('shuangchuang-token-jwks');
      const signs = name === 'application-intake';
      expect(Boolean(volumes['token-signing-key'])).toBe(signs);
      if (signs) {
        expect(volumes['token-signing-key'].secret.secretName).toBe(
          'shuangchuang-token-signing-key',
        );
        const env = Object.fromEntries(pod.containers[0].env.map((e) => [e.name, e.value]));
        expect(env.JWT_PRIVATE_KEY_FILE).toBe('/etc/shuangchuang/signing-key/private.jwk.json');
      }
    },
  );

  it('has startup, readiness and liveness probes, requests and limits', () => {
    const [container] = pod.containers;
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe(name === 'gateway' ? '/healthz' : '/readyz');
    expect(
      container.startupProbe.periodSeconds * container.startupProbe.failureThreshold,
    ).toBeGreaterThanOrEqual(30);
    for (const resource of ['cpu', 'memory']) {
      expect(container.resources.requests[resource]).toBeDefined();
      expect(container.resources.limits[resource]).toBeDefined();
    }
  });

  it('keeps one pod through a voluntary disruption and scales on CPU', () => {
    const selector = deployment.spec.selector.matchLabels;
    const pdb = ofKind('PodDisruptionBudget').find((p) => p.metadata.name === name);
    expect(pdb.spec.selector.matchLabels).toEqual(selector);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    const hpa = ofKind('HorizontalPodAutoscaler').find((h) => h.metadata.name === name);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.minAvailable);
    expect(hpa.spec.metrics).toEqual([
      expect.objectContaining({
        type: 'Resource',
        resource: expect.objectContaining({ name: 'cpu' }),
      }),
    ]);
    const service = ofKind('Service').find((s) => s.metadata.name === name);
    expect(service.spec.selector).toEqual(selector);
  });
});

describe('token settings', () => {
  it('configure verification through the JWKS, never a shared secret', () => {
    const config = ofKind('ConfigMap').find((c) => c.metadata.name === 'shuangchuang-config');
    expect(config.data).toMatchObject({
      NODE_ENV: 'production',
      JWT_ALG: 'ES256',
      JWT_JWKS_FILE: '/etc/shuangchuang/jwks/jwks.json',
    });
    expect(JSON.stringify(all)).not.toContain('JWT_SECRET');
  });
});

describe('namespace and network policies', () => {
  const namespace = ofKind('Namespace').find((n) => n.metadata.name === 'shuangchuang');
  const policies = ofKind('NetworkPolicy');
  const labelsOf = (name) =>
    deployments.find((d) => d.metadata.name === name).spec.template.metadata.labels;
  const matches = (selector, labels) =>
    Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const matchesExpressions = (selector, labels) =>
    (selector.matchExpressions ?? []).every(
      ({ key, operator, values }) => operator === 'In' && values.includes(labels[key]),
    );
  const policiesOf = (name) =>
    policies.filter(
      (p) =>
        matches(p.spec.podSelector, labelsOf(name)) &&
        matchesExpressions(p.spec.podSelector, labelsOf(name)),
    );

  it('enforces Pod Security "restricted" on the namespace', () => {
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('denies all traffic by default', () => {
    const deny = policies.find(
      (p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress,
    );
    expect(deny.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
  });

  // Services that call WeChat, the SMS provider or the mail server (outside the system).
  const callsOutside = ['application-intake', 'notification'];

  it.each(serviceNames)(
    'lets %s reach only Kafka, MongoDB, the OTLP collector and DNS (and its providers outside)',
    (name) => {
      const egress = policiesOf(name).flatMap((p) => p.spec.egress ?? []);
      const destinations = egress.map((rule) => ({
        namespace: rule.to[0].namespaceSelector?.matchLabels['kubernetes.io/metadata.name'],
        ipBlock: rule.to[0].ipBlock?.cidr,
        ports: rule.ports.map((p) => p.port).sort((a, b) => a - b),
      }));
      const inCluster = [
        { namespace: 'kafka', ipBlock: undefined, ports: [9092] },
        { namespace: 'mongodb', ipBlock: undefined, ports: [27017] },
        { namespace: 'observability', ipBlock: undefined, ports: [4317, 4318] },
        { namespace: 'kube-system', ipBlock: undefined, ports: [53, 53] },
      ];
      const outside = { namespace: undefined, ipBlock: '0.0.0.0/0', ports: [443, 465] };
      const expected = callsOutside.includes(name) ? [...inCluster, outside] : inCluster;
      expect(
        destinations.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual(expected.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
      for (const rule of egress.filter((r) => r.to[0].ipBlock)) {
        expect(rule.to[0].ipBlock.except).toEqual(
          expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
        );
      }
    },
  );

  it.each(serviceNames)('lets only the gateway and Prometheus reach %s', (name) => {
    const sources = policiesOf(name)
      .flatMap((p) => p.spec.ingress ?? [])
      .flatMap((rule) => rule.from)
      .map((from) => from.podSelector.matchLabels['app.kubernetes.io/name']);
    expect(sources.sort()).toEqual(['gateway', 'prometheus']);
  });

  it('lets the gateway reach the services and nothing else but DNS', () => {
    const egress = policiesOf('gateway').flatMap((p) => p.spec.egress ?? []);
    // Pods of this namespace: a podSelector without a namespaceSelector.
    const toServices = egress.filter(
      (rule) => rule.to[0].podSelector && !rule.to[0].namespaceSelector,
    );
    expect(toServices).toHaveLength(1);
    for (const name of serviceNames)
      expect(matches(toServices[0].to[0].podSelector, labelsOf(name))).toBe(true);
    expect(matches(toServices[0].to[0].podSelector, labelsOf('gateway'))).toBe(false);
    expect(egress).toHaveLength(2);
  });
});

describe('production overlay: Kafka and MongoDB by their operators', () => {
  const kafka = ofKind('Kafka')[0];
  const pools = ofKind('KafkaNodePool');
  const topics = ofKind('KafkaTopic');
  const mongo = ofKind('MongoDBCommunity')[0];

  it('runs Kafka in KRaft mode with node pools of three controllers and three brokers', () => {
    expect(kafka.apiVersion).toBe('kafka.strimzi.io/v1beta2');
    expect(kafka.metadata.annotations).toEqual({
      'strimzi.io/kraft': 'enabled',
      'strimzi.io/node-pools': 'enabled',
    });
    expect(kafka.spec.zookeeper).toBeUndefined();
    expect(kafka.spec.kafka.listeners).toContainEqual(
      expect.objectContaining({ port: 9092, type: 'internal' }),
    );
    expect(kafka.spec.kafka.config['auto.create.topics.enable']).toBe(false);
    expect(kafka.spec.kafka.config['min.insync.replicas']).toBeLessThan(
      kafka.spec.kafka.config['default.replication.factor'],
    );
    const roles = pools.map((p) => ({
      roles: p.spec.roles,
      replicas: p.spec.replicas,
      cluster: p.metadata.labels['strimzi.io/cluster'],
    }));
    expect(roles).toEqual(
      expect.arrayContaining([
        { roles: ['controller'], replicas: 3, cluster: kafka.metadata.name },
        { roles: ['broker'], replicas: 3, cluster: kafka.metadata.name },
      ]),
    );
    for (const pool of pools)
      expect(['jbod', 'persistent-claim']).toContain(pool.spec.storage.type);
  });

  it('declares every topic of the event catalog with its partitions, retention and cleanup policy', () => {
    const catalog = parse(readFileSync(asyncapiCatalogPath(), 'utf8'));
    const expected = Object.values(catalog.channels).map((channel) => {
      const binding = channel.bindings.kafka;
      return {
        topicName: binding.topic,
        partitions: binding.partitions,
        'retention.ms': binding.topicConfiguration['retention.ms'],
        'cleanup.policy': binding.topicConfiguration['cleanup.policy'].join(','),
      };
    });
    const declared = topics.map((t) => ({
      topicName: t.spec.topicName,
      partitions: t.spec.partitions,
      'retention.ms': t.spec.config['retention.ms'],
      'cleanup.policy': t.spec.config['cleanup.policy'],
    }));
    expect(declared.sort((a, b) => a.topicName.localeCompare(b.topicName))).toEqual(
      expected.sort((a, b) => a.topicName.localeCompare(b.topicName)),
    );
    for (const topic of topics) {
      expect(topic.metadata.labels['strimzi.io/cluster']).toBe(kafka.metadata.name);
      expect(topic.metadata.namespace).toBe(kafka.metadata.namespace);
      expect(topic.spec.replicas).toBe(kafka.spec.kafka.config['default.replication.factor']);
    }
  });

  it('runs MongoDB as a replica set of three with a user per the services’ databases', () => {
    expect(mongo.apiVersion).toBe('mongodbcommunity.mongodb.com/v1');
    expect(mongo.spec.type).toBe('ReplicaSet');
    expect(mongo.spec.members).toBe(3);
    expect(mongo.spec.version).toMatch(/^\d+\.\d+\.\d+$/);
    const [user] = mongo.spec.users;
    expect(user.roles.map((r) => r.db).sort()).toEqual([...serviceNames].sort());
    expect(user.connectionStringSecretNamespace).toBe('shuangchuang');
  });

  it('points the services at the operators’ Kafka and MongoDB', () => {
    const [configPatch, deploymentPatch] = overlayKustomization.patches.map((p) => parse(p.patch));
    const bootstrap = configPatch.find((op) => op.path === '/data/KAFKA_BROKERS').value;
    expect(bootstrap).toBe(
      `${kafka.metadata.name}-kafka-bootstrap.${kafka.metadata.namespace}.svc:9092`,
    );
    const mongoUrl = deploymentPatch[0].value.find((env) => env.name === 'MONGO_URL');
    expect(mongoUrl.valueFrom.secretKeyRef.name).toBe(
      mongo.spec.users[0].connectionStringSecretName,
    );
  });
});
