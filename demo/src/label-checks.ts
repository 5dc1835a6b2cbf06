import { QUESTION_ID } from './demo-project';
import { adjudicateQueue } from './expert';
import { LoopContext } from './label-batch';
import { latestLocalModel, LocalModelReport } from './prelabel-model';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the label checks of phase 1 came to. */
export interface LabelChecksOutcome {
  /** Labels the expert looked at again because a model version disagreed with them. */
  checked: number;
  /** Of them, those the verdict changed (as the last model reports it). */
  changed: number;
  /** The model after the verdicts. */
  model: LocalModelReport | null;
}

/**
 * Label checks, as the expert lives them: a model version sends the labels it disagrees with
 * out-of-fold to the expert queue (through quality, as MACHINE_DISAGREEMENT requests); the
 * simulated expert settles them like any other request, blind and right at its stated accuracy;
 * the verdicts become new label versions, and prelabel retrains on them as soon as every check is
 * answered. Repeated while a new version finds new disagreements, at most `rounds` times.
 */
export async function settleLabelChecks(ctx: LoopContext, model: LocalModelReport | null, o: { rounds: number; timeoutMs: number }): Promise<LabelChecksOutcome> {
  const p = ctx.project;
  let m = model;
  let checked = 0;
  for (let round = 0; m && round < o.rounds && (m.report.labelChecks?.requested ?? 0) > 0; round++) {
    const asked = m.report.labelChecks!.requested;
    // The requests reach the queue a moment after the model is stored: the expert works until it has been idle a while.
    const verdicts = await adjudicateQueue(p, { accuracy: ctx.expertAccuracy, rnd: ctx.rnd, truth: ctx.truth, done: () => false, idleMs: 8000 });
    checked += verdicts.size;
    ctx.log(`label checks: model v${m.version} disagreed with ${asked} labels out-of-fold; the expert settled ${verdicts.size} check requests (earlier versions' included)`);
    const next = await waitForNewVersion(ctx, m.version, o.timeoutMs);
    if (!next) {
      ctx.log(`no retrain on the verdicts within ${o.timeoutMs / 1000} s`);
      break;
    }
    ctx.log(`prelabel retrained local model v${next.version} on the verdicts: threshold ${next.threshold?.toFixed(3) ?? 'none'}`);
    m = next;
  }
  return { checked, changed: m?.report.labelChecks?.changed ?? 0, model: m };
}

async function waitForNewVersion(ctx: LoopContext, after: number, timeoutMs: number): Promise<LocalModelReport | null> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const m = await latestLocalModel(ctx.project.pm, ctx.project.id, QUESTION_ID);
    if (m && m.version > after) return m;
    await sleep(1000);
  }
  return null;
}
