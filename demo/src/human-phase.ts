import { QUESTION_ID } from './demo-project';
import { BatchOutcome, labelBatch, LoopContext, mergeBatches } from './label-batch';
import { LabelChecksOutcome, settleLabelChecks } from './label-checks';
import { LocalModelReport, waitForSettledModel } from './prelabel-model';
import { CommentSupply } from './youtube-spam';

export interface HumanPhase {
  outcome: BatchOutcome;
  /** Batches it took (the first, then one per retrain until the model had a threshold). */
  batches: number;
  /** The local model these labels trained, as the models route reports it. */
  model: LocalModelReport | null;
  /** Labels the expert checked again because the model disagreed with them. */
  labelChecks: Omit<LabelChecksOutcome, 'model'>;
}

/**
 * Phase 1: the humans label a first batch while the local model, retrained by prelabel from
 * their labels on labels.v1, learns. If the settled model's held-out answers do not yet support
 * a threshold for the target precision, the humans label one retrain's worth more (at most
 * `maxExtraBatches` times) rather than the demo lowering the bar.
 */
export async function runHumanPhase(
  ctx: LoopContext,
  supply: CommentSupply,
  o: { firstBatch: number; retrainEvery: number; maxExtraBatches: number },
): Promise<HumanPhase> {
  const batches = [await labelBatch(ctx, supply.take(o.firstBatch))];
  const labelChecks = { checked: 0, changed: 0 };
  for (;;) {
    const labeled = batches.reduce((n, b) => n + b.labels.size, 0);
    const settled = await waitForSettledModel(ctx.project.pm, ctx.project.id, QUESTION_ID, { labeled, retrainEvery: o.retrainEvery, timeoutMs: 60000 });
    if (!settled) ctx.log(`prelabel reports no local model after ${labeled} labels`);
    else ctx.log(`prelabel trained local model v${settled.version} on ${settled.nLabels} labels: threshold ${settled.threshold?.toFixed(3) ?? 'none'}`);
    const checks = await settleLabelChecks(ctx, settled, { rounds: 3, timeoutMs: 60000 });
    labelChecks.checked += checks.checked;
    labelChecks.changed = checks.changed;
    const model = checks.model;
    if (model?.threshold != null) return { outcome: mergeBatches(batches), batches: batches.length, model, labelChecks };
    if (batches.length > o.maxExtraBatches) {
      ctx.log(`the local model found no threshold for the target precision after ${labeled} labels: phase 2 goes on with every task to the humans`);
      return { outcome: mergeBatches(batches), batches: batches.length, model, labelChecks };
    }
    ctx.log(`its held-out answers do not support the target precision yet: ${o.retrainEvery} more comments for the humans`);
    batches.push(await labelBatch(ctx, supply.take(o.retrainEvery)));
  }
}
