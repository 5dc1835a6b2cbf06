import { wilsonInterval } from '@verity/label-science';
import { VerityClient } from '@verity/sdk';

/** Quality's running precision of the machine's auto-accepts, measured on the blind audits (`machinePrecision`). */
export interface MachinePrecision {
  modelId: string;
  count: number;
  correct: number;
  precision: number | null;
  low: number | null;
  high: number | null;
  pending: number;
}

/** One row of quality's `machinePrecisionByVersion`. */
export interface VersionPrecision extends MachinePrecision {
  questionId: string;
  modelVersion: string;
}

type QualityMetrics = { machinePrecision?: (MachinePrecision & { questionId: string })[]; machinePrecisionByVersion?: VersionPrecision[] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until quality has resolved `audits` audited answers of the model; returns its figure at the deadline otherwise. */
export async function waitForMachinePrecision(
  client: VerityClient,
  projectId: string,
  questionId: string,
  o: { audits: number; timeoutMs: number },
): Promise<{ all: MachinePrecision | null; byVersion: VersionPrecision[] }> {
  const until = Date.now() + o.timeoutMs;
  for (;;) {
    const r = await client.call<QualityMetrics>('GET', `/v1/projects/${projectId}/quality`, undefined, 'quality metrics');
    const m = (r.machinePrecision ?? []).find((x) => x.questionId === questionId) ?? null;
    if ((m && m.count >= o.audits) || (!m && o.audits === 0) || Date.now() > until) {
      return { all: m, byVersion: (r.machinePrecisionByVersion ?? []).filter((x) => x.questionId === questionId) };
    }
    await sleep(1000);
  }
}

/**
 * The audits of some model versions only (those that routed phase 2), pooled: their resolved
 * audits and the Wilson interval on them, as quality computes it for a whole model.
 */
export function precisionOfVersions(byVersion: readonly VersionPrecision[], versions: readonly string[]): MachinePrecision | null {
  const rows = byVersion.filter((v) => versions.includes(v.modelVersion));
  if (rows.length === 0) return null;
  const count = rows.reduce((n, v) => n + v.count, 0);
  const correct = rows.reduce((n, v) => n + v.correct, 0);
  const w = wilsonInterval(correct, count);
  return {
    modelId: [...new Set(rows.map((v) => v.modelId))].join(', '),
    count,
    correct,
    precision: w.defined ? w.value.estimate : null,
    low: w.defined ? w.value.low : null,
    high: w.defined ? w.value.high : null,
    pending: rows.reduce((n, v) => n + v.pending, 0),
  };
}
