import { wilsonInterval } from '@verity/label-science';
import type { AuditCounts } from './machine-audits.repository';

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
