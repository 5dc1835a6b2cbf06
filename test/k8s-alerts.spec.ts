// deploy/k8s/alerts: the rule file passes `promtool check rules`, its unit tests pass
// `promtool test rules`, and the PrometheusRule in the manifests carries exactly these groups.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse, parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..');
const alerts = path.join(root, 'deploy/k8s/alerts');
const rulesFile = path.join(alerts, 'verity.rules.yaml');

function promtool(args: string[]) {
  const r = spawnSync('promtool', args, { cwd: alerts, encoding: 'utf8', timeout: 60_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      'promtool is missing: apt-get install prometheus (Debian package; scripts/bootstrap.cjs installs it)',
    );
  }
  if (r.error) throw r.error;
  return r;
}

describe('deploy/k8s alert rules', () => {
  it('pass promtool check rules', () => {
    const r = promtool(['check', 'rules', 'verity.rules.yaml']);
    expect(`${r.stdout}${r.stderr}`).toMatch(/SUCCESS: 4 rules found/);
    expect(r.status).toBe(0);
  });

  it('fire on their stories and stay quiet on the look-alikes (promtool test rules)', () => {
    const r = promtool(['test', 'rules', 'verity.rules.test.yaml']);
    if (r.status !== 0) throw new Error(`promtool test rules failed:\n${r.stdout}${r.stderr}`);
    expect(r.stdout).toMatch(/SUCCESS/);
  });

  it('alert on lag growing for 10 minutes, any dead letter, outbox age over 60 s and /readyz failing', () => {
    const rules = (
      parse(fs.readFileSync(rulesFile, 'utf8')).groups as {
        rules: { alert: string; expr: string; for?: string }[];
      }[]
    ).flatMap((g) => g.rules);
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(Object.keys(byName).sort()).toEqual([
      'VerityConsumerLagGrowing',
      'VerityDeadLetter',
      'VerityNotReady',
      'VerityOutboxStale',
    ]);
    expect(byName.VerityConsumerLagGrowing).toMatchObject({ for: '10m' });
    expect(byName.VerityConsumerLagGrowing.expr).toContain('verity_consumer_lag');
    expect(byName.VerityDeadLetter.expr).toMatch(
      /increase\(verity_dead_letters_total\[\w+\]\)\) > 0/,
    );
    expect(byName.VerityOutboxStale.expr).toMatch(/verity_outbox_oldest_age_seconds\) > 60$/);
    expect(byName.VerityNotReady.expr).toMatch(/verity_ready\) == 0/);
  });

  it('ship as the PrometheusRule of the manifests, the same groups, with a PodMonitor naming the job after the service', () => {
    const manifest = parseAllDocuments(
      fs.readFileSync(path.join(root, 'deploy/k8s/manifests/03-monitoring.yaml'), 'utf8'),
    ).map((d) => d.toJS());
    const rule = manifest.find((d) => d?.kind === 'PrometheusRule');
    expect(rule.spec.groups).toEqual(parse(fs.readFileSync(rulesFile, 'utf8')).groups);
    const monitor = manifest.find((d) => d?.kind === 'PodMonitor');
    expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/name');
    expect(monitor.spec.podMetricsEndpoints).toEqual([
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    ]);
  });

  it('link each alert to a runbook section that exists', () => {
    const runbooks = fs.readFileSync(path.join(root, 'deploy/k8s/RUNBOOKS.md'), 'utf8');
    const anchors = new Set(
      [...runbooks.matchAll(/^## (.+)$/gm)].map((m) =>
        m[1]
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    const rules = (
      parse(fs.readFileSync(rulesFile, 'utf8')).groups as {
        rules: { alert: string; annotations: { runbook_url: string } }[];
      }[]
    ).flatMap((g) => g.rules);
    for (const r of rules) {
      const [file, anchor] = r.annotations.runbook_url.split('#');
      expect(file).toBe('deploy/k8s/RUNBOOKS.md');
      expect(anchors).toContain(anchor);
    }
  });
});
