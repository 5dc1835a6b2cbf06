/**
 * The model loop, measured: how each model version compares with the one before on labels
 * neither trained on, how long a human label waits for the first model trained on it, and how
 * much of the work the machine takes (auto-accept share over time). Pure functions.
 */

/**
 * The p-quantile (0 ≤ p ≤ 1) by linear interpolation between closest ranks (Hyndman & Fan type 7,
 * PostgreSQL's percentile_cont): h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError('p must be in [0, 1]');
  if (values.length === 0) return null;
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, x.length - 1);
  return x[lo]! + (h - lo) * (x[hi]! - x[lo]!);
}

export interface LatencySummary {
  /** Labels with a known decision time among those first trained on by this version. */
  labels: number;
  /** Median and 90th percentile of (trained at − label decided at), ms; null without labels. */
  p50: number | null;
  p90: number | null;
}

/**
 * Latency from a human label (its decision time) to the model version first trained on it.
 * Labels without a decision time are left out; a negative latency (clock skew between services)
 * counts as 0.
 */
export function labelLatency(labeledAt: readonly (Date | null)[], trainedAt: Date): LatencySummary {
  const ms = labeledAt.filter((d): d is Date => d !== null).map((d) => Math.max(0, trainedAt.getTime() - d.getTime()));
  return { labels: ms.length, p50: percentile(ms, 0.5), p90: percentile(ms, 0.9) };
}

/**
 * Positions of the labels no earlier version can have trained on: first received after the
 * previous version's training-set cutoff (every label when there is no previous version).
 */
export function newLabelIndices(firstReceivedAt: readonly Date[], previousCutoff: Date | null): number[] {
  const out: number[] = [];
  firstReceivedAt.forEach((d, i) => {
    if (previousCutoff === null || d.getTime() > previousCutoff.getTime()) out.push(i);
  });
  return out;
}

/** A model version against the one before it, on the same labels. */
export interface SameLabelsComparison {
  previousVersion: number;
  /**
   * Which labels: `labels_new_since_previous` = the labels this version added (first received
   * after the previous version's cutoff). The previous version never saw them; this version is
   * scored on them out-of-fold (by the fold model that left them out), so both are held out.
   */
  on: 'labels_new_since_previous';
  /** Labels both versions are scored on. */
  labels: number;
  correct: number;
  previousCorrect: number;
  /** Accuracy of this version on them (out-of-fold); null without labels. */
  accuracy: number | null;
  /** Accuracy of the previous version on the same labels; null without labels. */
  previousAccuracy: number | null;
  /** accuracy − previousAccuracy; positive: the new version is better. */
  delta: number | null;
}

/** Both versions' accuracy on the same labels, and the difference. */
export function sameLabelsDelta(
  truth: readonly string[],
  current: readonly string[],
  previous: readonly string[],
  previousVersion: number,
): SameLabelsComparison {
  if (truth.length !== current.length || truth.length !== previous.length) throw new RangeError('one prediction per label from each version');
  let correct = 0;
  let previousCorrect = 0;
  truth.forEach((t, i) => {
    if (current[i] === t) correct++;
    if (previous[i] === t) previousCorrect++;
  });
  const n = truth.length;
  const accuracy = n ? correct / n : null;
  const previousAccuracy = n ? previousCorrect / n : null;
  return {
    previousVersion,
    on: 'labels_new_since_previous',
    labels: n,
    correct,
    previousCorrect,
    accuracy,
    previousAccuracy,
    delta: accuracy !== null && previousAccuracy !== null ? accuracy - previousAccuracy : null,
  };
}

/** What a model version records about the loop (stored in its report as `loop`). */
export interface ModelLoopReport {
  /** Database time of the training-set read: labels first received after it are new to the next version. */
  labelCutoff: string;
  /** Labels this version is the first to train on. */
  newLabels: number;
  /** Their wait from decision to this version. */
  latencyMs: LatencySummary;
  /** Against the previous version on this version's new labels; null for a first version. */
  vsPrevious: SameLabelsComparison | null;
}

/** Drafted tasks of one question in one time bucket per route (prelabel.drafts). */
export interface RouteCount {
  questionId: string;
  /** 0 = the latest bucket. */
  bucket: number;
  route: string;
  n: number;
}

export interface AutoAcceptPoint {
  questionId: string;
  /** Start of the bucket (ISO 8601). */
  at: string;
  /** Every task prelabel routed in the bucket (all four routes). */
  routed: number;
  autoAccepted: number;
  audited: number;
  humanWithDraft: number;
  humanWithoutDraft: number;
  /** autoAccepted / routed; null when nothing was routed. */
  share: number | null;
}

const ROUTE_FIELD: Record<string, 'autoAccepted' | 'audited' | 'humanWithDraft' | 'humanWithoutDraft'> = {
  auto_accept: 'autoAccepted',
  audit: 'audited',
  human_with_draft: 'humanWithDraft',
  human_without_draft: 'humanWithoutDraft',
};

/**
 * The auto-accept share over time: per question (sorted) and bucket (in the order of
 * `bucketStarts`, the latest first), auto-accepted tasks ÷ all tasks routed. Audited tasks were
 * confident enough but went to the humans too: they are not auto-accepted.
 */
export function autoAcceptSeries(counts: readonly RouteCount[], bucketStarts: readonly Date[]): AutoAcceptPoint[] {
  const questions = [...new Set(counts.map((c) => c.questionId))].sort();
  const out: AutoAcceptPoint[] = [];
  for (const questionId of questions) {
    bucketStarts.forEach((start, bucket) => {
      const p: AutoAcceptPoint = { questionId, at: start.toISOString(), routed: 0, autoAccepted: 0, audited: 0, humanWithDraft: 0, humanWithoutDraft: 0, share: null };
      for (const c of counts) {
        if (c.questionId !== questionId || c.bucket !== bucket) continue;
        p.routed += c.n;
        const field = ROUTE_FIELD[c.route];
        if (field) p[field] += c.n;
      }
      p.share = p.routed > 0 ? p.autoAccepted / p.routed : null;
      out.push(p);
    });
  }
  return out;
}
