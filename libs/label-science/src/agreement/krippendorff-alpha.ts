import { type Answers, voteCounts } from '../answers';
import { type Defined, defined, undefinedBecause } from '../defined';

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface AlphaOptions {
  readonly metric?: AlphaMetric;
  /**
   * Numeric value of each class (interval, ratio; ordinal uses only their order).
   * Default: the class names parsed as numbers; non-numeric names make those metrics undefined.
   */
  readonly values?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

export interface AlphaValue {
  readonly alpha: number;
  readonly observedDisagreement: number;
  readonly expectedDisagreement: number;
  /** Pairable values: answers on items with at least two answers. */
  readonly pairable: number;
}

/**
 * Coincidence matrix (flat K×K): o[c][k] = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1) over units with
 * m_u ≥ 2 values. Every answer is a value, repeated answers by one worker included.
 */
export function coincidenceMatrix(a: Answers): Float64Array {
  const K = a.nClasses;
  const counts = voteCounts(a);
  const o = new Float64Array(K * K);
  for (let i = 0; i < a.nItems; i++) {
    let m = 0;
    for (let c = 0; c < K; c++) m += counts[i * K + c];
    if (m < 2) continue;
    for (let c = 0; c < K; c++) {
      const nc = counts[i * K + c];
      if (nc === 0) continue;
      for (let k = 0; k < K; k++)
        o[c * K + k] += (nc * (counts[i * K + k] - (c === k ? 1 : 0))) / (m - 1);
    }
  }
  return o;
}

/** Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"). */
export function krippendorffAlpha(a: Answers, options: AlphaOptions = {}): Defined<AlphaValue> {
  const metric = options.metric ?? 'nominal';
  let values: Float64Array | null = null;
  if (metric !== 'nominal') {
    const given = options.values;
    const lookup = (name: string): number | undefined =>
      given instanceof Map
        ? given.get(name)
        : given
          ? (given as Record<string, number>)[name]
          : Number(name);
    values = Float64Array.from(a.classNames, (n) => lookup(n) ?? Number.NaN);
    const bad = a.classNames.find((_, c) => !Number.isFinite(values![c]));
    if (bad !== undefined)
      return undefinedBecause(`${metric} alpha needs a numeric value for class "${bad}"`);
  }
  return alphaFromCoincidence(coincidenceMatrix(a), metric, values);
}

export function alphaFromCoincidence(
  o: Float64Array,
  metric: AlphaMetric,
  values: Float64Array | null,
): Defined<AlphaValue> {
  const K = Math.round(Math.sqrt(o.length));
  const nc = new Float64Array(K);
  for (let c = 0; c < K; c++) for (let k = 0; k < K; k++) nc[c] += o[c * K + k];
  let total = 0;
  for (let c = 0; c < K; c++) total += nc[c];
  if (total < 2) return undefinedBecause('fewer than two pairable values');
  const delta = distance(metric, nc, values);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      const d = delta[c * K + k];
      observed += o[c * K + k] * d;
      expected += nc[c] * nc[k] * d;
    }
  }
  if (expected === 0) return undefinedBecause('no variation: every pairable value is the same');
  const Do = observed / total;
  const De = expected / (total * (total - 1));
  return defined({
    alpha: 1 - Do / De,
    observedDisagreement: Do,
    expectedDisagreement: De,
    pairable: total,
  });
}

/** Squared distance δ² between classes under the metric (flat K×K). */
function distance(
  metric: AlphaMetric,
  nc: Float64Array,
  values: Float64Array | null,
): Float64Array {
  const K = nc.length;
  const d = new Float64Array(K * K);
  if (metric === 'ordinal') {
    // Ranks by value; δ²_ck = (Σ_{g from c to k} n_g − (n_c + n_k)/2)², ranks between c and k inclusive.
    const order = Array.from({ length: K }, (_, c) => c).sort((x, y) => values![x] - values![y]);
    const rank = new Int32Array(K);
    order.forEach((c, r) => (rank[c] = r));
    const cum = new Float64Array(K + 1);
    order.forEach((c, r) => (cum[r + 1] = cum[r] + nc[c]));
    for (let c = 0; c < K; c++) {
      for (let k = 0; k < K; k++) {
        const lo = Math.min(rank[c], rank[k]);
        const hi = Math.max(rank[c], rank[k]);
        const s = cum[hi + 1] - cum[lo] - (nc[c] + nc[k]) / 2;
        d[c * K + k] = c === k ? 0 : s * s;
      }
    }
    return d;
  }
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      if (c === k) continue;
      if (metric === 'nominal') d[c * K + k] = 1;
      else if (metric === 'interval') d[c * K + k] = (values![c] - values![k]) ** 2;
      else {
        const s = values![c] + values![k];
        d[c * K + k] = s === 0 ? 0 : ((values![c] - values![k]) / s) ** 2;
      }
    }
  }
  return d;
}
