// What `npm run demo` shows once the platform is up. Each section uses the platform as a user
// would: its HTTP APIs, its topics, its command-line tools.
import fs from 'node:fs';
import path from 'node:path';
import { agreementReport, aggregate, buildAnswers, Defined } from '@verity/label-science';
import { parseCsv } from '@verity/csv';
import { startTelemetry } from '@verity/telemetry';
import { printTour, runConsoleTour, setAsideTourComments } from './src/console-tour';
import { runLabelingLoop } from './src/labeling-loop';
import { printLoop } from './src/loop-report';
import { Comment, shuffledComments } from './src/youtube-spam';

const root = path.resolve(__dirname, '..');
const urls: Record<string, string> = JSON.parse(process.env.VERITY_SERVICE_URLS ?? '{}');

/** A CSV file's rows after its header. */
function csvRows(file: string): string[][] {
  return parseCsv(fs.readFileSync(file, 'utf8')).slice(1);
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
  const dir = path.join(root, 'data/crowd/bluebirds');
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

const env = (name: string, fallback: string) => process.env[name] ?? fallback;

async function labelingLoop(comments: Comment[], seed: number) {
  const phase1Items = Number(env('VERITY_DEMO_ITEMS', '140'));
  const phase2Items = Number(env('VERITY_DEMO_PHASE2_ITEMS', '120'));
  console.log(`\n== The loop on YouTube comments (spam or not), through the platform's own APIs: ${phase1Items} for the humans, then ${phase2Items} new ones with the local model`);
  const r = await runLabelingLoop({
    gateway: urls.gateway,
    brokers: env('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
    adminEmail: process.env.BOOTSTRAP_ADMIN_EMAIL!,
    adminPassword: process.env.BOOTSTRAP_ADMIN_PASSWORD!,
    comments,
    phase1Items,
    phase2Items,
    // A realistic crowd (one more annotator, the spammer, answers at random) and a realistic expert.
    accuracies: env('VERITY_DEMO_ACCURACIES', '0.85,0.75,0.7,0.6').split(',').map(Number),
    expertAccuracy: Number(env('VERITY_DEMO_EXPERT_ACCURACY', '0.9')),
    goldItems: Number(env('VERITY_DEMO_GOLD_ITEMS', '30')),
    piiShare: Number(env('VERITY_DEMO_PII_SHARE', '0.08')),
    targetPrecision: Number(env('VERITY_DEMO_TARGET_PRECISION', '0.95')),
    auditRate: Number(env('VERITY_DEMO_AUDIT_RATE', '0.1')),
    plannedShare: Number(env('VERITY_DEMO_PLANNED_SHARE', '0.6')),
    // The services run with the same environment, so this is prelabel's own setting.
    retrainEvery: Number(env('PRELABEL_LOCAL_RETRAIN_EVERY', '50')),
    seed,
    log: (line) => console.log(`  ${line}`),
    describeTrace,
  });
  printLoop(r, urls.gateway);
  console.log(`one item's trace:        ${r.trace ?? 'not traced (no Zipkin: npm run demo starts one with the stack)'}`);
}

/** Where one comment's journey can be seen: its trace in the stack's Zipkin, with what it holds. */
async function describeTrace(t: { itemId: string; traceId: string; adjudicated: boolean }): Promise<string> {
  const zipkin = process.env.ZIPKIN_URL;
  if (!zipkin) return 'not traced (no Zipkin: npm run demo starts one with the stack)';
  // The services send their spans every second or so: wait for the trace to settle.
  let spans: { localEndpoint?: { serviceName?: string } }[] = [];
  for (let i = 0; i < 15; i++) {
    const r = await fetch(`${zipkin}/api/v2/trace/${t.traceId}`);
    const now = r.status === 200 ? ((await r.json()) as typeof spans) : [];
    if (now.length > 0 && now.length === spans.length) break;
    spans = now;
    await new Promise((res) => setTimeout(res, 1000));
  }
  const services = [...new Set(spans.map((s) => s.localEndpoint?.serviceName ?? '?'))].sort();
  return (
    `${zipkin}/zipkin/traces/${t.traceId} (item ${t.itemId}${t.adjudicated ? ', settled by the expert' : ''}: ` +
    `${spans.length} spans from ${services.join(', ') || 'no service yet'})`
  );
}

/** The hand-over to people in the web console: two sign-ins, each with work waiting. */
async function consoleTour(comments: Comment[]) {
  console.log('\n== A small project for people in the web console: every kind of task, some disagreements for an expert');
  const tour = await runConsoleTour({
    gateway: urls.gateway,
    brokers: env('KAFKA_BROKERS', '127.0.0.1:9092').split(','),
    adminEmail: process.env.BOOTSTRAP_ADMIN_EMAIL!,
    adminPassword: process.env.BOOTSTRAP_ADMIN_PASSWORD!,
    s3: {
      endpoint: process.env.S3_ENDPOINT,
      region: env('S3_REGION', 'us-east-1'),
      accessKeyId: process.env.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? '',
      bucket: process.env.S3_BUCKET ?? '',
    },
    comments,
    mediaDir: path.join(root, 'demo/data/media'),
    stateDir: path.join(path.resolve(root, process.env.VERITY_LOCAL_DIR || '.local'), 'state'),
    log: (line) => console.log(`  ${line}`),
  });
  printTour(tour, root);
}

async function main() {
  // The upstream producer's spans (one trace per published comment) go to the stack's Zipkin.
  const telemetry = startTelemetry({ serviceName: 'demo-upstream', zipkinUrl: process.env.ZIPKIN_URL, instrument: false });
  try {
    await demo();
  } finally {
    await telemetry.shutdown();
  }
}

async function demo() {
  await platformStatus();
  labelScience();
  if (!urls.gateway) return;
  const seed = Number(env('VERITY_DEMO_SEED', '7'));
  // The tour's comments come from the end of the shuffled data set, so the loop never sees them.
  const { tour, loop } = setAsideTourComments(shuffledComments(path.join(root, 'demo/data/youtube_spam'), seed));
  if (process.env.VERITY_DEMO_LOOP !== 'off') await labelingLoop(loop, seed);
  // Runs without the loop too (VERITY_DEMO_LOOP=off): a quick platform with people and work waiting.
  if (process.env.VERITY_DEMO_TOUR !== 'off') await consoleTour(tour);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
