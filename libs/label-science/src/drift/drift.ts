import { type Answers, filterAnswers } from '../answers';
import { type Defined, defined, undefinedBecause } from '../defined';
import { pairwiseAgreement } from '../agreement/pairwise-agreement';
import { chiSquareHomogeneity, type ChiSquareTest } from '../stats/chi-square-test';
import { normalSurvival } from '../stats/special-functions';

export interface DriftOptions {
  /** Window length in the unit of `Answers.time` (e.g. 7 * 86_400_000 for weeks of epoch ms). */
  readonly windowSize: number;
  /** Start of the first window (default: the earliest answer). */
  readonly start?: number;
  /** Significance level for flagging a change (default 0.05). */
  readonly alpha?: number;
}

export interface ChangeTest {
  readonly statistic: number;
  readonly pValue: number;
  readonly significant: boolean;
}

export interface DriftWindow {
  readonly start: number;
  readonly end: number;
  readonly answers: number;
  /** Answers per class. */
  readonly counts: Float64Array;
  /** Share of answers per class. */
  readonly distribution: Float64Array;
  /** Mean per-item pairwise agreement over items with 2+ answers inside the window. */
  readonly agreement: Defined<number>;
  /** Chi-square homogeneity test of this window's class counts against the previous window's. */
  readonly distributionChange: Defined<ChangeTest & { df: number }> | null;
  /** Two-sample z-test (unequal variances) of per-item agreement against the previous window. */
  readonly agreementChange: Defined<ChangeTest> | null;
}

/** Agreement and label distribution per time window, each compared with the window before. */
export function drift(a: Answers, options: DriftOptions): DriftWindow[] {
  const time = a.time;
  if (!time) throw new Error('drift needs a timestamp per answer (Answers.time)');
  if (!(options.windowSize > 0)) throw new RangeError('windowSize must be positive');
  const alpha = options.alpha ?? 0.05;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let n = 0; n < a.nAnswers; n++) {
    if (!Number.isFinite(time[n])) throw new Error(`answer ${n} has no valid timestamp`);
    t0 = Math.min(t0, time[n]);
    t1 = Math.max(t1, time[n]);
  }
  if (a.nAnswers === 0) return [];
  const start = options.start ?? t0;
  const size = options.windowSize;
  const nWin = Math.floor((t1 - start) / size) + 1;
  const windowOf = (n: number) => Math.floor((time[n] - start) / size);

  const out: DriftWindow[] = [];
  let prev: { counts: Float64Array; perItem: number[] } | null = null;
  for (let w = 0; w < nWin; w++) {
    const sub = filterAnswers(a, (n) => windowOf(n) === w);
    const counts = new Float64Array(a.nClasses);
    for (let n = 0; n < sub.nAnswers; n++) counts[sub.labelIdx[n]]++;
    const distribution = counts.map((c) => (sub.nAnswers > 0 ? c / sub.nAnswers : 0));
    const pw = pairwiseAgreement(sub);
    const perItem: number[] = [];
    pw.definedItems.forEach((d, i) => d && perItem.push(pw.perItem[i]));
    let distributionChange: DriftWindow['distributionChange'] = null;
    let agreementChange: DriftWindow['agreementChange'] = null;
    if (prev) {
      const chi: Defined<ChiSquareTest> = chiSquareHomogeneity([prev.counts, counts]);
      distributionChange = chi.defined
        ? defined({ ...chi.value, significant: chi.value.pValue < alpha })
        : undefinedBecause(chi.reason);
      agreementChange = meanDifference(prev.perItem, perItem, alpha);
    }
    out.push({
      start: start + w * size,
      end: start + (w + 1) * size,
      answers: sub.nAnswers,
      counts,
      distribution,
      agreement: pw.mean,
      distributionChange,
      agreementChange,
    });
    prev = { counts, perItem };
  }
  return out;
}

function meanDifference(x: number[], y: number[], alpha: number): Defined<ChangeTest> {
  if (x.length < 2 || y.length < 2)
    return undefinedBecause('fewer than two items with 2+ answers in a window');
  const [mx, vx] = meanVar(x);
  const [my, vy] = meanVar(y);
  const se = Math.sqrt(vx / x.length + vy / y.length);
  if (se === 0) {
    return mx === my
      ? defined({ statistic: 0, pValue: 1, significant: false })
      : undefinedBecause('no variance within either window');
  }
  const z = (my - mx) / se;
  const p = Math.min(1, 2 * normalSurvival(Math.abs(z)));
  return defined({ statistic: z, pValue: p, significant: p < alpha });
}

function meanVar(x: number[]): [number, number] {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  const v = x.reduce((s, t) => s + (t - m) ** 2, 0) / (x.length - 1);
  return [m, v];
}
