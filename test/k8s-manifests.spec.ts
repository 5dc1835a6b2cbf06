import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'deploy/k8s/manifests');

describe('deploy/k8s manifests', () => {
  it('are what generate.cjs makes (not edited by hand, not stale)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'deploy/k8s/generate.cjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('cover every service with a Deployment probing /readyz and /healthz, a Service, an HPA and a PDB', () => {
    const services = fs
      .readdirSync(path.join(root, 'services'))
      .filter((d) => fs.existsSync(path.join(root, 'services', d, 'src/main.ts')));
    for (const name of services) {
      const file = path.join(dir, `${name}.yaml`);
      expect(fs.existsSync(file)).toBe(true);
      const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
      expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']);
      const container = docs[0].spec.template.spec.containers[0];
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.args).toContain(`services/${name}/src/main.ts`);
      expect(container.envFrom.map((e: { secretRef?: { name: string } }) => e.secretRef?.name)).toContain('verity-secrets');
      expect(container.envFrom.map((e: { configMapRef?: { name: string } }) => e.configMapRef?.name)).toContain('verity-config');
    }
  });

  it('bind the services to every interface in a pod (they default to loopback)', () => {
    const docs = parseAllDocuments(fs.readFileSync(path.join(dir, '00-shared.yaml'), 'utf8')).map((d) => d.toJS());
    const config = docs.find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === 'verity-config');
    expect(config?.data?.HOST).toBe('0.0.0.0');
  });

  it('keep no secret values', () => {
    const text = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    const docs = parseAllDocuments(text.replace(/^# .*$/gm, '')).map((d) => d.toJS());
    expect(docs.some((d) => d?.kind === 'Secret')).toBe(false);
    expect(text).not.toMatch(/JWT_SECRET:\s*\S|SECRET_ACCESS_KEY:\s*\S|postgres:\/\/[^ \n…]*:[^@ \n]+@/);
  });
});
