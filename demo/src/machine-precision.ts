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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until quality has resolved `audits` audited answers of the model; returns its figure at the deadline otherwise. */
export async function waitForMachinePrecision(
  client: VerityClient,
  projectId: string,
  questionId: string,
  o: { audits: number; timeoutMs: number },
): Promise<MachinePrecision | null> {
  const until = Date.now() + o.timeoutMs;
  for (;;) {
    const r = await client.call<{ machinePrecision?: (MachinePrecision & { questionId: string })[] }>('GET', `/v1/projects/${projectId}/quality`, undefined, 'quality metrics');
    const m = (r.machinePrecision ?? []).find((x) => x.questionId === questionId) ?? null;
    if ((m && m.count >= o.audits) || (!m && o.audits === 0) || Date.now() > until) return m;
    await sleep(1000);
  }
}
