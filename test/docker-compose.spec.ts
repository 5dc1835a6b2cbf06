// docker-compose.yml stays in step with services/: every service folder with an entry point has
// a compose service of the same name, and the file is valid for docker-compose itself.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

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
];

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, unknown>;
  healthcheck?: { test?: string[] | string };
  ports?: string[];
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

  it('declares the eight Verity services and the infrastructure', () => {
    for (const name of [...VERITY_SERVICES, 'kafka', 'postgres', 'minio', 'minio-init']) {
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
