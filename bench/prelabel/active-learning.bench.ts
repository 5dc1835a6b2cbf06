// Active learning on the public YouTube spam data (demo/data/youtube_spam, 1,956 comments):
// uncertainty sampling (least confidence, margin, entropy) vs random sampling with the same local
// model (softmax regression on hashed n-grams, services/prelabel/src/domain). Both start from the
// same 20 random labels and add BATCH labels per round from the unlabeled pool; accuracy is
// measured on a fixed held-out set of 500 never labeled. Averaged over SEEDS splits.
// Run: node scripts/run-ts.cjs bench/prelabel/active-learning.bench.ts [seeds] [maxLabels]
import * as os from 'node:os';
import { rng, shuffle, TextClassifier } from '../../services/prelabel/src/domain/text.classifier';
import { uncertainty, type Strategy } from '../../services/prelabel/src/domain/uncertainty.math';
import { loadYoutubeSpam, type Comment } from '../../services/prelabel/test/support/youtube-spam';

const SEEDS = Number(process.argv[2] ?? 3);
const MAX = Number(process.argv[3] ?? 300);
const START = 20;
const BATCH = 20;
const TARGET = 0.94;
const classes = ['ham', 'spam'];
const opts = { epochs: 6 };

function curve(pool: Comment[], test: Comment[], strategy: Strategy, seed: number): [number, number][] {
  const random = rng(seed * 7919 + 1);
  const labeled = pool.slice(0, START);
  let rest = pool.slice(START);
  const points: [number, number][] = [];
  for (;;) {
    const m = TextClassifier.train(labeled, classes, opts);
    points.push([labeled.length, test.filter((c) => m.predict(c.text).label === c.label).length / test.length]);
    if (labeled.length >= MAX || rest.length === 0) return points;
    const scored = rest.map((c, i) => ({ i, u: uncertainty(m.predictProba(c.text), strategy, random) }));
    scored.sort((a, b) => b.u - a.u);
    const take = new Set(scored.slice(0, BATCH).map((s) => s.i));
    labeled.push(...rest.filter((_, i) => take.has(i)));
    rest = rest.filter((_, i) => !take.has(i));
  }
}

const data = loadYoutubeSpam();
// With two classes, least confidence, margin and entropy rank items identically: one curve stands for all three.
const strategies: Strategy[] = ['random', 'least_confidence'];
const sums = new Map<Strategy, number[]>();
let xs: number[] = [];
const started = Date.now();
for (let s = 0; s < SEEDS; s++) {
  const all = shuffle(data, rng(1000 + s));
  const test = all.slice(0, 500);
  const pool = all.slice(500);
  for (const st of strategies) {
    const c = curve(pool, test, st, s);
    xs = c.map(([n]) => n);
    const acc = sums.get(st) ?? new Array(c.length).fill(0);
    c.forEach(([, a], i) => (acc[i] += a / SEEDS));
    sums.set(st, acc);
  }
}

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, node ${process.version}, ${os.platform()} ${os.arch()}`);
console.log(`data: ${data.length} comments (YouTube spam, 5 files); held-out 500; pool ${data.length - 500}; start ${START} random labels, +${BATCH} per round; ${SEEDS} seeds; ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(['labels', ...strategies].map((h) => h.padStart(17)).join(''));
xs.forEach((n, i) => console.log([String(n), ...strategies.map((st) => sums.get(st)![i]!.toFixed(4))].map((v) => v.padStart(17)).join('')));
const need = (st: Strategy) => {
  const i = sums.get(st)!.findIndex((a) => a >= TARGET);
  return i < 0 ? `> ${MAX}` : String(xs[i]);
};
console.log(`labels to reach held-out accuracy ${TARGET}: ${strategies.map((st) => `${st} ${need(st)}`).join(', ')}`);
