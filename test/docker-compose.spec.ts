// docker-compose.yml stays in step with services/ and with deploy/k8s: every service folder with
// an entry point has a compose service of the same name with the same settings as its k8s
// Deployment, Zipkin is there, and the file is valid for docker-compose itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const root = join(__dirname, '..');
const composeFile = join(root, 'docker-compose.yml');
const VERITY_SERVICES = [
  'gateway',
  'ingestion',
  'decomposition',
  'prelabel',
  'assignment',
  'quality',
  'adjudication',
  'export',
];
const SHARED_ENV = [
  'JWT_SECRET',
  'KAFKA_BROKERS',
  'DATABASE_URL',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_BUCKET',
  'SERVICE_NAME',
  'ZIPKIN_URL',
];

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, unknown>;
  healthcheck?: { test?: string[] | string };
  ports?: string[];
  mem_limit?: string;
}

/** Every setting name a k8s Deployment gives its container (ConfigMap + env), with literal values. */
function k8sSettings(name: string): Map<string, string | undefined> {
  const docsOf = (file: string) =>
    parseAllDocuments(readFileSync(join(root, 'deploy/k8s/manifests', file), 'utf8')).map((d) => d.toJS());
  const config = docsOf('00-shared.yaml').find((d) => d?.kind === 'ConfigMap')?.data ?? {};
  const container = docsOf(`${name}.yaml`).find((d) => d?.kind === 'Deployment')?.spec.template.spec.containers[0];
  const settings = new Map<string, string | undefined>(Object.entries(config as Record<string, string>));
  for (const e of container.env as { name: string; value?: string }[]) settings.set(e.name, e.value);
  return settings;
}

function k8sMemoryLimit(name: string): string {
  const docs = parseAllDocuments(readFileSync(join(root, 'deploy/k8s/manifests', `${name}.yaml`), 'utf8')).map((d) => d.toJS());
  return docs.find((d) => d?.kind === 'Deployment')?.spec.template.spec.containers[0].resources.limits.memory;
}

function loadCompose(): { services: Record<string, ComposeService> } {
  // `merge: true`: the file uses YAML merge keys (<<) with anchors, as docker-compose does.
  return parse(readFileSync(composeFile, 'utf8'), { merge: true });
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services ?? {};

  it('has a compose service for every services/<name> with a src/main.ts', () => {
    const dir = join(root, 'services');
    const withMain = existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'src/main.ts')))
          .map((d) => d.name)
      : [];
    const missing = withMain.filter((name) => !(name in services));
    expect(missing).toEqual([]);
  });

  it('declares the eight Verity services (those of deploy/k8s) and the infrastructure', () => {
    const k8s = readdirSync(join(root, 'deploy/k8s/manifests'))
      .filter((f) => !/^\d/.test(f))
      .map((f) => f.replace(/\.yaml$/, ''));
    expect([...k8s].sort()).toEqual([...VERITY_SERVICES].sort());
    for (const name of [...VERITY_SERVICES, 'kafka', 'postgres', 'minio', 'minio-init', 'zipkin']) {
      expect(Object.keys(services)).toContain(name);
    }
  });

  it.each(VERITY_SERVICES)(
    '%s runs its own entry point from the shared image with the shared settings',
    (name) => {
      const s = services[name];
      expect(s.image).toBe(services.gateway.image);
      expect(s.build).toBeDefined();
      const command = Array.isArray(s.command) ? s.command.join(' ') : s.command;
      expect(command).toBe(`node -r @swc-node/register services/${name}/src/main.ts`);
      for (const key of SHARED_ENV) expect(Object.keys(s.environment ?? {})).toContain(key);
      expect(s.environment?.SERVICE_NAME).toBe(name);
      // Services bind loopback by default; in a container their peers and the healthcheck need all interfaces.
      expect(s.environment?.HOST).toBe('0.0.0.0');
      expect(JSON.stringify(s.healthcheck?.test)).toContain('127.0.0.1:3000/healthz');
    },
  );

  it.each(VERITY_SERVICES)('%s has the same settings as its deploy/k8s Deployment', (name) => {
    const k8s = k8sSettings(name);
    const compose = services[name].environment ?? {};
    expect(Object.keys(compose).sort()).toEqual([...k8s.keys()].sort());
    // Values that are not a site's addresses or secrets are the same too.
    for (const key of ['SERVICE_NAME', 'HOST', 'PORT', 'NODE_ENV', 'ASSIGNMENT_TASK_SOURCE', 'NODE_OPTIONS']) {
      expect(String(compose[key] ?? '')).toBe(k8s.get(key) ?? '');
    }
    // The same memory limit (the heap cap in NODE_OPTIONS is half of it).
    expect(String(services[name].mem_limit).replace(/m$/, 'Mi')).toBe(k8sMemoryLimit(name));
    // Peers: http://<name>:3000 in compose, http://verity-<name>:3000 in the cluster.
    for (const key of Object.keys(compose).filter((k) => /^[A-Z]+_URL$/.test(k) && k !== 'DATABASE_URL' && k !== 'ZIPKIN_URL')) {
      expect(String(compose[key]).replace('//', '//verity-')).toBe(k8s.get(key));
    }
  });

  it('runs Zipkin, and every service sends its traces there', () => {
    expect(services.zipkin.image).toMatch(/^openzipkin\/zipkin:/);
    expect(services.zipkin.ports).toContain('9411:9411');
    for (const name of VERITY_SERVICES) expect(services[name].environment?.ZIPKIN_URL).toBe('http://zipkin:9411');
  });

  it('publishes the gateway on host port 8080', () => {
    expect(services.gateway.ports).toContain('8080:3000');
  });

  const composeConfig = (env: NodeJS.ProcessEnv) =>
    spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env,
    });

  it('refuses to configure the stack without JWT_SECRET, naming it', () => {
    const env = { ...process.env };
    delete env.JWT_SECRET;
    const r = composeConfig(env);
    expect(r.status).not.toBe(0);
    expect(`${r.stderr}${r.stdout}`).toMatch(/JWT_SECRET/);
  });

  it('passes `docker-compose config -q`', () => {
    const r = composeConfig({ ...process.env, JWT_SECRET: 'a-test-value-of-at-least-32-characters' });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'the docker-compose binary is missing: apt-get install docker-compose (Debian package)',
      );
    }
    if (r.error) throw r.error;
    if (r.status !== 0)
      throw new Error(`docker-compose config -q exited ${r.status}:\n${r.stderr}${r.stdout}`);
    expect(r.status).toBe(0);
  });
});
