import { buildAnswers, drift, type ChangeTest, type Defined } from '@verity/label-science';

/** One counted human answer of a question in metrics window `window` (0 = the latest). */
export interface DriftRow {
  taskId: string;
  annotatorId: string;
  key: string;
  window: number;
}

export type DriftTest = 'label_distribution' | 'agreement';

/** One drift test of one window against the window before it. */
export interface DriftComparison {
  /** The later window of the two compared (0 = the latest). */
  window: number;
  test: DriftTest;
  /** pValue < threshold. */
  alarm: boolean;
  /** Chi-square (label distribution) or z (agreement); null when the test is undefined. */
  statistic: number | null;
  pValue: number | null;
  /** The significance level: an alarm is raised when pValue < threshold. */
  threshold: number;
  /** Why the test is undefined. */
  reason?: string;
}

/**
 * Drift of one question over `windows` consecutive metrics windows (0 = the latest), each
 * compared with the window before it (so rows may come from window `windows` too, the one before
 * the oldest), with label-science's `drift`: a chi-square homogeneity test of the label counts
 * (choice questions only: free-text keys are not a distribution) and a two-sample z-test of the
 * per-task pairwise agreement. Two comparisons per window, the latest first.
 */
export function questionDrift(rows: readonly DriftRow[], windows: number, opts: { alpha: number; choice: boolean }): DriftComparison[] {
  // label-science works in chronological window indices: window w (0 = latest) is c = windows - w.
  const a = rows.length ? buildAnswers(rows.map((r) => ({ item: r.taskId, worker: r.annotatorId, label: r.key, time: windows - r.window }))) : null;
  const byIndex = new Map<number, ReturnType<typeof drift>[number]>();
  if (a) for (const d of drift(a, { windowSize: 1, start: 0, alpha: opts.alpha })) byIndex.set(d.start, d);
  const out: DriftComparison[] = [];
  for (let w = 0; w < windows; w++) {
    const d = byIndex.get(windows - w);
    const distribution: Defined<ChangeTest> | null | undefined = d?.distributionChange;
    out.push(
      opts.choice
        ? comparison(w, 'label_distribution', distribution, opts.alpha)
        : { window: w, test: 'label_distribution', alarm: false, statistic: null, pValue: null, threshold: opts.alpha, reason: 'not a choice question' },
    );
    out.push(comparison(w, 'agreement', d?.agreementChange, opts.alpha));
  }
  return out;
}

function comparison(window: number, test: DriftTest, t: Defined<ChangeTest> | null | undefined, alpha: number): DriftComparison {
  if (!t) return { window, test, alarm: false, statistic: null, pValue: null, threshold: alpha, reason: 'no answers in this window or the one before' };
  if (!t.defined) return { window, test, alarm: false, statistic: null, pValue: null, threshold: alpha, reason: t.reason };
  return { window, test, alarm: t.value.pValue < alpha, statistic: t.value.statistic, pValue: t.value.pValue, threshold: alpha };
}

/** Finalized tasks of one window and the human answers they received. */
export interface FinalizedCounts {
  /** 0 = the latest window. */
  window: number;
  items: number;
  answers: number;
}

export interface AnswersPerItemPoint {
  /** Start of the window (ISO 8601). */
  at: string;
  /** Human answers (honeypots excluded, late ones included) on the tasks finalized in the window. */
  answers: number;
  /** Tasks (item × question) finalized in the window: decided, auto-accepted or adjudicated. */
  items: number;
  /** answers / items; null without a finalized task. */
  ratio: number | null;
}

/** Human answers per finalized item, one point per window (the latest first, like `windows`). */
export function answersPerItem(counts: readonly FinalizedCounts[], windowStarts: readonly Date[]): AnswersPerItemPoint[] {
  return windowStarts.map((from, w) => {
    const c = counts.find((x) => x.window === w);
    const items = c?.items ?? 0;
    const answers = c?.answers ?? 0;
    return { at: from.toISOString(), answers, items, ratio: items > 0 ? answers / items : null };
  });
}
