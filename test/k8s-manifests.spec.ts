// deploy/k8s/manifests: current with generate.cjs, valid against the Kubernetes schemas (built as
// kubernetes-models objects and validated, through deploy/k8s/validate.mjs), locked down
// (restricted pods, secrets by reference, deny-by-default network) and scaled on lag within the
// partition counts of libs/contracts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { TOPICS } from '@verity/contracts';
import { allowed, type Endpoint, type NetworkPolicy } from './network-policy-evaluator';

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'deploy/k8s/manifests');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are untyped YAML
type Obj = any;

function load(file: string): Obj[] {
  return parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
    .map((d) => d.toJS())
    .filter(Boolean);
}
const all = (): Obj[] => fs.readdirSync(dir).flatMap(load);
const ofKind = (kind: string) => all().filter((o) => o.kind === kind);
const serviceNames = fs
  .readdirSync(path.join(root, 'services'))
  .filter((d) => fs.existsSync(path.join(root, 'services', d, 'src/main.ts')));
const partitionsOf = (topic: string) =>
  Object.values(TOPICS).find((t) => t.name === topic)?.partitions;
const validate = (files: string[] = []) =>
  spawnSync(process.execPath, [path.join(root, 'deploy/k8s/validate.mjs'), ...files], {
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('deploy/k8s manifests', () => {
  it('are what generate.cjs makes (not edited by hand, not stale)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'deploy/k8s/generate.cjs'), '--check'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Plain YAML for people and tools: no anchors or aliases.
    const text = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    expect(text).not.toMatch(/: [&*]a\d+$/m);
  });

  it('every object validates against the Kubernetes, KEDA and Prometheus Operator schemas', () => {
    const r = validate();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // One line per object of every file: nothing skipped.
    expect(lines).toHaveLength(all().length);
    expect(lines.every((l) => l.startsWith('valid '))).toBe(true);
  }, 120_000);

  it('the validation rejects a wrong field and an unknown kind, naming them', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-invalid-'));
    const file = path.join(tmp, 'bad.yaml');
    const [deployment] = load('quality.yaml');
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    const [, , scaled] = load('quality.yaml');
    scaled.spec.triggers[0].metadata.lagThreshold = 200;
    fs.writeFileSync(
      file,
      [
        deployment,
        scaled,
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n---\n'),
    );
    const r = validate([file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /INVALID bad.yaml Deployment\/verity-quality: .*containerPort must be integer/,
    );
    expect(r.stdout).toMatch(
      /INVALID bad.yaml ScaledObject\/verity-quality: .*lagThreshold must be string/,
    );
    expect(r.stdout).toMatch(
      /INVALID bad.yaml Widget\/w: no schema for apiVersion example.com\/v1/,
    );
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it.each(serviceNames)(
    '%s: a Deployment probing /readyz and /healthz, a Service, one autoscaler and a PDB',
    (name) => {
      const docs = load(`${name}.yaml`);
      const kinds = docs.map((d) => d.kind);
      expect(kinds).toEqual([
        'Deployment',
        'Service',
        name === 'gateway' ? 'HorizontalPodAutoscaler' : 'ScaledObject',
        'PodDisruptionBudget',
      ]);
      const container = docs[0].spec.template.spec.containers[0];
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.args).toEqual([
        'node',
        '-r',
        '@swc-node/register',
        `services/${name}/src/main.ts`,
      ]);
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'verity-config' } }]);
      expect(container.env).toContainEqual({ name: 'SERVICE_NAME', value: name });
      // The autoscaler owns the replica count.
      expect(docs[0].spec.replicas).toBeUndefined();
      expect(docs[0].spec.template.metadata.annotations['prometheus.io/path']).toBe('/metrics');
    },
  );

  it('run every pod with the restricted profile in a namespace that enforces it', () => {
    const [ns] = load('00-shared.yaml');
    expect(ns.kind).toBe('Namespace');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const pods = [...ofKind('Deployment'), ...ofKind('Job')].map((o) => o.spec.template.spec);
    expect(pods).toHaveLength(serviceNames.length + 1);
    for (const pod of pods) {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        const tmp = c.volumeMounts.find((m: Obj) => m.mountPath === '/tmp');
        expect(pod.volumes.find((v: Obj) => v.name === tmp.name).emptyDir).toBeDefined();
      }
    }
  });

  it("cap each service's V8 heap at half its container's memory limit (decision 77)", () => {
    const deployments = ofKind('Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(serviceNames.map((n) => `verity-${n}`).sort());
    for (const d of deployments) {
      const c = d.spec.template.spec.containers[0];
      const limit = /^(\d+)Mi$/.exec(c.resources.limits.memory);
      expect(limit).not.toBeNull();
      const options = c.env.find((e: Obj) => e.name === 'NODE_OPTIONS')?.value;
      expect({ service: d.metadata.name, options }).toEqual({ service: d.metadata.name, options: `--max-old-space-size=${Number(limit![1]) / 2}` });
    }
  });

  it('take secrets only by reference, and keep no secret values', () => {
    const text = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    expect(all().some((d) => d.kind === 'Secret')).toBe(false);
    expect(text).not.toMatch(
      /JWT_SECRET:\s*\S|SECRET_ACCESS_KEY:\s*\S|postgres:\/\/[^ \n…]*:[^@ \n]+@/,
    );
    const secretNames = [
      'DATABASE_URL',
      'JWT_SECRET',
      'DLQ_ENCRYPTION_KEY',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
      'METRICS_TOKEN',
    ];
    for (const o of [...ofKind('Deployment'), ...ofKind('Job')]) {
      const env = o.spec.template.spec.containers[0].env as Obj[];
      for (const key of secretNames) {
        expect(env.find((e) => e.name === key)).toEqual({
          name: key,
          valueFrom: { secretKeyRef: { name: 'verity-secrets', key } },
        });
      }
      expect(
        env.filter((e) => secretNames.includes(e.name)).every((e) => e.value === undefined),
      ).toBe(true);
    }
    const [, config] = load('00-shared.yaml');
    for (const key of secretNames) expect(config.data[key]).toBeUndefined();
    // Services bind loopback by default; in a pod they must listen on every interface.
    expect(config.data.HOST).toBe('0.0.0.0');
  });

  it('scale each consumer with one KEDA ScaledObject (lag per topic + CPU), capped at the partitions of libs/contracts', () => {
    const scaled = ofKind('ScaledObject');
    expect(scaled.map((s) => s.metadata.name).sort()).toEqual(
      serviceNames
        .filter((n) => n !== 'gateway')
        .map((n) => `verity-${n}`)
        .sort(),
    );
    const hpas = ofKind('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
    for (const s of scaled) {
      const service = s.metadata.labels['app.kubernetes.io/name'];
      // No separate HPA on the same Deployment (KEDA makes its own; two would fight).
      expect(hpas).not.toContain(s.spec.scaleTargetRef.name);
      const kafka = s.spec.triggers.filter((t: Obj) => t.type === 'kafka');
      expect(kafka.length).toBeGreaterThan(0);
      expect(s.spec.triggers.filter((t: Obj) => t.type === 'cpu')).toHaveLength(1);
      const partitions = kafka.map((t: Obj) => {
        expect(t.metadata.consumerGroup).toBe(service);
        expect(Number(t.metadata.lagThreshold)).toBeGreaterThan(0);
        const topic = Object.values(TOPICS).find((x) => x.name === t.metadata.topic);
        expect(topic?.consumers).toContain(service);
        return partitionsOf(t.metadata.topic) as number;
      });
      expect(s.spec.maxReplicaCount).toBeLessThanOrEqual(Math.max(...partitions));
      expect(s.spec.minReplicaCount).toBeLessThanOrEqual(s.spec.maxReplicaCount);
    }
    // adjudications.v1 has 6 partitions in libs/contracts: its consumer stops at 4 (own cap) or 6.
    const adjudication = scaled.find((s) => s.metadata.name === 'verity-adjudication');
    expect(adjudication.spec.maxReplicaCount).toBeLessThanOrEqual(
      partitionsOf('adjudications.v1') as number,
    );
  });

  describe('network policies: deny by default, open only what the platform needs', () => {
    const pod = (namespace: string, labels: Record<string, string> = {}): Endpoint => ({
      pod: { namespace, labels },
    });
    const verity = (name: string) =>
      pod('verity', { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'verity' });
    const ingressController = pod('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });
    const prometheus = pod('monitoring', { 'app.kubernetes.io/name': 'prometheus' });
    const grafana = pod('monitoring', { 'app.kubernetes.io/name': 'grafana' });
    const kafka = pod('kafka', { app: 'kafka' });
    const postgres = pod('postgres', { app: 'postgres' });
    const zipkin = pod('observability', { app: 'zipkin' });
    const kubeDns = pod('kube-system', { 'k8s-app': 'kube-dns' });
    const s3 = { ip: '52.216.8.10' };
    const cases: [string, Endpoint, Endpoint, number, string, boolean][] = [
      [
        'the ingress controller reaches the gateway',
        ingressController,
        verity('gateway'),
        3000,
        'TCP',
        true,
      ],
      [
        'the ingress controller does not reach another service',
        ingressController,
        verity('quality'),
        3000,
        'TCP',
        false,
      ],
      [
        'an address on the internet does not reach the gateway directly',
        { ip: '203.0.113.9' },
        verity('gateway'),
        3000,
        'TCP',
        false,
      ],
      ['the gateway reaches a service', verity('gateway'), verity('export'), 3000, 'TCP', true],
      [
        'a service does not reach another service',
        verity('quality'),
        verity('export'),
        3000,
        'TCP',
        false,
      ],
      ['a service reaches Kafka', verity('quality'), kafka, 9092, 'TCP', true],
      [
        'a service does not reach Kafka on another port',
        verity('quality'),
        kafka,
        9093,
        'TCP',
        false,
      ],
      ['a service reaches Postgres', verity('export'), postgres, 5432, 'TCP', true],
      ['a service reaches S3 over HTTPS', verity('export'), s3, 443, 'TCP', true],
      ['a service does not reach the internet over HTTP', verity('export'), s3, 80, 'TCP', false],
      [
        'a service does not reach private addresses',
        verity('export'),
        { ip: '10.1.2.3' },
        443,
        'TCP',
        false,
      ],
      ['a service reaches Zipkin', verity('ingestion'), zipkin, 9411, 'TCP', true],
      ['a service reaches an OTLP collector', verity('ingestion'), zipkin, 4318, 'TCP', true],
      ['a service resolves names over UDP', verity('prelabel'), kubeDns, 53, 'UDP', true],
      ['a service resolves names over TCP', verity('prelabel'), kubeDns, 53, 'TCP', true],
      [
        'a service does not reach kube-system otherwise',
        verity('prelabel'),
        kubeDns,
        443,
        'TCP',
        false,
      ],
      ['Prometheus scrapes a service', prometheus, verity('quality'), 3000, 'TCP', true],
      ['Prometheus scrapes the gateway', prometheus, verity('gateway'), 3000, 'TCP', true],
      ['another monitoring pod does not', grafana, verity('quality'), 3000, 'TCP', false],
      ['the migration Job reaches Postgres', verity('migrate'), postgres, 5432, 'TCP', true],
      [
        'a stray pod in the namespace reaches nothing but DNS',
        pod('verity', { run: 'debug' }),
        postgres,
        5432,
        'TCP',
        false,
      ],
      [
        'a stray pod in the namespace is not reached from outside',
        ingressController,
        pod('verity', { run: 'debug' }),
        3000,
        'TCP',
        false,
      ],
    ];
    it.each(cases)('%s', (_what, from, to, port, protocol, expected) => {
      const policies = ofKind('NetworkPolicy') as NetworkPolicy[];
      expect(allowed(policies, from, to, port, protocol)).toBe(expected);
    });

    it('the evaluator itself lets everything through without the default deny', () => {
      const policies = (ofKind('NetworkPolicy') as NetworkPolicy[]).filter(
        (p) => p.metadata.name !== 'default-deny-all',
      );
      // The other policies isolate only the pods they select: a stray pod is then open to anyone.
      expect(allowed(policies, ingressController, pod('verity', { run: 'debug' }), 3000)).toBe(
        true,
      );
    });
  });

  it('migrate every service in one Job per release, a hook that runs before the Deployments roll', () => {
    const [job] = load('02-migrate-job.yaml');
    expect(job.kind).toBe('Job');
    const image = load('quality.yaml')[0].spec.template.spec.containers[0].image as string;
    expect(job.metadata.name).toBe(
      `verity-migrate-${image
        .split(':')
        .pop()!
        .replace(/[^a-z0-9]+/gi, '-')}`,
    );
    expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PreSync');
    const c = job.spec.template.spec.containers[0];
    expect(c.image).toBe(image);
    expect(c.args.slice(0, 2)).toEqual(['node', 'deploy/k8s/migrate-once.cjs']);
    expect(c.args.slice(2).sort()).toEqual([...serviceNames].sort());
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('expose only the gateway, through a TLS Ingress', () => {
    expect(ofKind('Service').every((s) => s.spec.type === 'ClusterIP')).toBe(true);
    const [ingress] = ofKind('Ingress');
    expect(ingress.spec.tls[0].secretName).toBeTruthy();
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('verity-gateway');
  });
});
