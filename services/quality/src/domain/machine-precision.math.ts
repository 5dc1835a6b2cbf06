import { wilsonInterval } from '@verity/label-science';
import type { AuditCounts } from '../db/machine-audits.repository';

export interface MachinePrecision {
  questionId: string;
  modelId: string;
  /** Audited answers whose final label is known. */
  count: number;
  correct: number;
  /** correct / count; null before the first resolved audit. */
  precision: number | null;
  /** 95 % Wilson interval of the precision; null before the first resolved audit. */
  low: number | null;
  high: number | null;
  /** Audits still waiting for their final label. */
  pending: number;
}

/** Running precision of auto-accepted machine answers, measured on the audited sample. */
export function machinePrecision(c: AuditCounts): MachinePrecision {
  const w = wilsonInterval(c.correct, c.resolved);
  return {
    questionId: c.questionId,
    modelId: c.modelId,
    count: c.resolved,
    correct: c.correct,
    precision: w.defined ? w.value.estimate : null,
    low: w.defined ? w.value.low : null,
    high: w.defined ? w.value.high : null,
    pending: c.pending,
  };
}

export interface MachinePrecisionByVersion extends MachinePrecision {
  /** The model version the audited answers came from (ModelInfo.model_version, e.g. "v3"). */
  modelVersion: string;
}

/**
 * Machine precision per model version (same measure and interval as per model), ordered by
 * question, model, then version, numerically when versions are "v<n>" (v2 before v10).
 */
export function machinePrecisionByVersion(counts: readonly (AuditCounts & { modelVersion: string })[]): MachinePrecisionByVersion[] {
  const num = (v: string) => (/^v(\d+)$/.exec(v) ? Number(v.slice(1)) : Number.NaN);
  return counts
    .map((c) => ({ ...machinePrecision(c), modelVersion: c.modelVersion }))
    .sort((a, b) => {
      if (a.questionId !== b.questionId) return a.questionId < b.questionId ? -1 : 1;
      if (a.modelId !== b.modelId) return a.modelId < b.modelId ? -1 : 1;
      const [x, y] = [num(a.modelVersion), num(b.modelVersion)];
      if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
      return a.modelVersion < b.modelVersion ? -1 : a.modelVersion > b.modelVersion ? 1 : 0;
    });
}
