// What `npm run demo` shows once the platform is up. Each section uses the platform as a user
// would: its HTTP APIs, its topics, its command-line tools.
import fs from 'node:fs';
import path from 'node:path';
import { agreementReport, aggregate, buildAnswers, Defined } from '@verity/label-science';

const root = path.resolve(__dirname, '..');
const urls: Record<string, string> = JSON.parse(process.env.VERITY_SERVICE_URLS ?? '{}');

function csvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/\r$/, '').split(','));
}

function fmt<T>(d: Defined<T>, pick: (v: T) => number): string {
  return d.defined ? pick(d.value).toFixed(3) : `undefined (${d.reason})`;
}

async function platformStatus() {
  console.log('\n== Platform');
  for (const [name, url] of Object.entries(urls)) {
    const r = await fetch(`${url}/readyz`);
    const body = (await r.json()) as { checks: Record<string, { ok: boolean; ms: number }> };
    const checks = Object.entries(body.checks)
      .map(([k, v]) => `${k} ${v.ok ? 'ok' : 'DOWN'} (${v.ms} ms)`)
      .join(', ');
    console.log(`${name.padEnd(14)} ${r.status === 200 ? 'ready' : 'NOT READY'}: ${checks}`);
  }
}

function labelScience() {
  console.log('\n== Label science on the bluebirds crowd data (108 items, 39 workers, expert truth)');
  const dir = path.join(root, 'demo/data/bluebirds');
  const answers = buildAnswers(csvRows(path.join(dir, 'answers.csv')).map(([item, worker, label]) => ({ item, worker, label })));
  const truth = new Map(csvRows(path.join(dir, 'truth.csv')).map(([item, label]) => [item, label] as [string, string]));
  const rep = agreementReport(answers);
  console.log(
    `agreement: pairwise ${fmt(rep.pairwiseAgreement, (v) => v)}, Fleiss' kappa ${fmt(rep.fleissKappa, (v) => v.kappa)}, ` +
      `Krippendorff's alpha ${fmt(rep.alphaNominal, (v) => v.alpha)}`,
  );
  for (const method of ['mv', 'ds', 'mace'] as const) {
    const r = aggregate(answers, method);
    let ok = 0;
    let n = 0;
    r.itemNames.forEach((item, i) => {
      const t = truth.get(item);
      if (t === undefined) return;
      n++;
      if (r.labels[i] === t) ok++;
    });
    console.log(`${method.padEnd(5)} accuracy against the truth: ${(ok / n).toFixed(3)} (${ok}/${n})`);
  }
}

async function main() {
  await platformStatus();
  labelScience();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
