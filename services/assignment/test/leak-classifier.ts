/**
 * A small, honest classifier for "can an annotator tell a check from a real task?": gradient-
 * boosted decision stumps (logistic loss) over numeric features, cut at training-set quantiles,
 * with held-out AUC and a bootstrap 95 % interval. Deterministic for a seed.
 */

export type Row = Record<string, number>;

/** A seeded PRNG (mulberry32), so splits and bootstraps repeat. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Area under the ROC curve (ties count one half), by ranks. */
export function auc(scores: number[], labels: number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let neg = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]!] === 1) rankSum += rank;
    i = j + 1;
  }
  for (const l of labels) {
    if (l === 1) pos++;
    else neg++;
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Percentile bootstrap 95 % interval of the AUC (resampling the evaluated rows). */
export function aucInterval(scores: number[], labels: number[], seed: number, rounds = 1000): [number, number] {
  const r = rng(seed);
  const values: number[] = [];
  for (let b = 0; b < rounds; b++) {
    const s: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < scores.length; i++) {
      const k = Math.floor(r() * scores.length);
      s.push(scores[k]!);
      l.push(labels[k]!);
    }
    const a = auc(s, l);
    if (!Number.isNaN(a)) values.push(a);
  }
  values.sort((a, b) => a - b);
  return [values[Math.floor(0.025 * values.length)]!, values[Math.min(values.length - 1, Math.floor(0.975 * values.length))]!];
}

interface Stump {
  feature: number;
  threshold: number;
  left: number;
  right: number;
}

/** Gradient-boosted stumps: each round fits the stump (feature, cut) that best reduces the loss. */
export class BoostedStumps {
  private stumps: Stump[] = [];
  private bias = 0;
  private names: string[] = [];

  constructor(private readonly opts = { rounds: 150, rate: 0.1, cuts: 24, minLeaf: 15, l2: 1 }) {}

  fit(rows: Row[], labels: number[]): this {
    this.names = Object.keys(rows[0]!).sort();
    const n = rows.length;
    const x = this.names.map((f) => Float64Array.from(rows, (r) => r[f] ?? 0));
    const cuts = x.map((col) => quantileCuts(col, this.opts.cuts));
    // Bin each value once: bins[f][i] = number of cuts below or at the value.
    const bins = x.map((col, f) => Uint8Array.from(col, (v) => cuts[f]!.filter((c) => v > c).length));
    const p = labels.reduce((s, l) => s + l, 0) / n;
    this.bias = Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
    const margin = new Float64Array(n).fill(this.bias);
    for (let round = 0; round < this.opts.rounds; round++) {
      const g = new Float64Array(n);
      const h = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const q = 1 / (1 + Math.exp(-margin[i]!));
        g[i] = q - labels[i]!;
        h[i] = Math.max(1e-6, q * (1 - q));
      }
      let G = 0;
      let H = 0;
      for (let i = 0; i < n; i++) {
        G += g[i]!;
        H += h[i]!;
      }
      let best: (Stump & { gain: number }) | null = null;
      for (let f = 0; f < bins.length; f++) {
        const k = cuts[f]!.length;
        if (k === 0) continue;
        const gb = new Float64Array(k + 1);
        const hb = new Float64Array(k + 1);
        const cb = new Uint32Array(k + 1);
        const b = bins[f]!;
        for (let i = 0; i < n; i++) {
          gb[b[i]!] += g[i]!;
          hb[b[i]!] += h[i]!;
          cb[b[i]!]++;
        }
        let gl = 0;
        let hl = 0;
        let cl = 0;
        for (let c = 0; c < k; c++) {
          gl += gb[c]!;
          hl += hb[c]!;
          cl += cb[c]!;
          if (cl < this.opts.minLeaf || n - cl < this.opts.minLeaf) continue;
          const gr = G - gl;
          const hr = H - hl;
          const gain = (gl * gl) / (hl + this.opts.l2) + (gr * gr) / (hr + this.opts.l2) - (G * G) / (H + this.opts.l2);
          if (!best || gain > best.gain) {
            best = { feature: f, threshold: cuts[f]![c]!, left: -gl / (hl + this.opts.l2), right: -gr / (hr + this.opts.l2), gain };
          }
        }
      }
      if (!best) break;
      const stump = { feature: best.feature, threshold: best.threshold, left: best.left * this.opts.rate, right: best.right * this.opts.rate };
      this.stumps.push(stump);
      const col = x[stump.feature]!;
      for (let i = 0; i < n; i++) margin[i]! += col[i]! <= stump.threshold ? stump.left : stump.right;
    }
    return this;
  }

  score(row: Row): number {
    let m = this.bias;
    for (const s of this.stumps) m += (row[this.names[s.feature]!] ?? 0) <= s.threshold ? s.left : s.right;
    return m;
  }

  /** The features the model split on most (by number of stumps), for the report. */
  topFeatures(k = 5): string[] {
    const count = new Map<string, number>();
    for (const s of this.stumps) count.set(this.names[s.feature]!, (count.get(this.names[s.feature]!) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, c]) => `${f}×${c}`);
  }
}

function quantileCuts(col: Float64Array, k: number): number[] {
  const sorted = Float64Array.from(col).sort();
  const cuts = new Set<number>();
  for (let i = 1; i <= k; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / (k + 1)))]!;
    if (v < sorted[sorted.length - 1]!) cuts.add(v);
  }
  return [...cuts].sort((a, b) => a - b);
}

export interface Evaluation {
  auc: number;
  interval: [number, number];
  trained: number;
  evaluated: number;
  positives: number;
  top: string[];
}

/**
 * Train on a random 70 % of the groups (all rows of a group on one side), score the rest:
 * held-out AUC with its bootstrap interval. Grouping by content keeps the model from recognising
 * an item it was trained on (a gold item is served to several annotators, a real one to N):
 * that would measure how well the pool is memorised, not what a task view gives away.
 * `repeats` > 1 averages that many random splits (AUC, interval ends): with a few hundred
 * groups one split's AUC varies by several points, split against split.
 */
export function evaluate(rows: Row[], labels: number[], seed: number, groups: string[], repeats = 1): Evaluation {
  const runs = Array.from({ length: Math.max(1, repeats) }, (_, k) => evaluateOnce(rows, labels, seed + 1000 * k, groups));
  const mean = (f: (e: Evaluation) => number) => runs.reduce((s, e) => s + f(e), 0) / runs.length;
  return {
    ...runs[0]!,
    auc: mean((e) => e.auc),
    interval: [mean((e) => e.interval[0]), mean((e) => e.interval[1])],
  };
}

function evaluateOnce(rows: Row[], labels: number[], seed: number, groups: string[]): Evaluation {
  const r = rng(seed);
  const side = new Map<string, boolean>();
  for (const g of groups) if (!side.has(g)) side.set(g, r() < 0.7);
  const train = rows.map((_, i) => i).filter((i) => side.get(groups[i]!));
  const test = rows.map((_, i) => i).filter((i) => !side.get(groups[i]!));
  const model = new BoostedStumps().fit(
    train.map((i) => rows[i]!),
    train.map((i) => labels[i]!),
  );
  const scores = test.map((i) => model.score(rows[i]!));
  const testLabels = test.map((i) => labels[i]!);
  return {
    auc: auc(scores, testLabels),
    interval: aucInterval(scores, testLabels, seed + 1),
    trained: train.length,
    evaluated: test.length,
    positives: testLabels.reduce((s, l) => s + l, 0),
    top: model.topFeatures(),
  };
}
