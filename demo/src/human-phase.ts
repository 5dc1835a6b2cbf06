import { PrelabelRoute } from '@verity/contracts';
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
 * their labels on labels.v1 (and on the expert's label checks), learns. The PM plans for the
 * model to auto-accept a share `plannedShare` of new items: if the settled model's held-out
 * answers do not yet support a threshold for the target precision, or its threshold would take
 * less than that share of them (plus the audit share, which humans answer too), the humans label
 * one retrain's worth more (at most `maxExtraBatches` times) rather than the demo lowering the bar.
 * An extra batch is sized to bring a retrain's worth of human labels, whatever the model takes.
 */
export async function runHumanPhase(
  ctx: LoopContext,
  supply: CommentSupply,
  o: { firstBatch: number; retrainEvery: number; maxExtraBatches: number; plannedShare: number; auditRate: number },
): Promise<HumanPhase> {
  // Held-out coverage the threshold must reach: the planned auto-accepted share, before audits take their part.
  const bar = Math.min(1, o.plannedShare / Math.max(1e-9, 1 - o.auditRate));
  const batches = [await labelBatch(ctx, supply.take(o.firstBatch))];
  const labelChecks = { checked: 0, changed: 0 };
  for (;;) {
    // Labels the model can train on: the humans' (once it has a threshold, an extra batch's
    // confident comments are auto-accepted, and prelabel never trains on its own answers).
    const labeled = batches.reduce((n, b) => n + b.routes.filter((r) => r.route !== PrelabelRoute.AUTO_ACCEPT && b.labels.has(r.itemId)).length, 0);
    const settled = await waitForSettledModel(ctx.project.pm, ctx.project.id, QUESTION_ID, { labeled, retrainEvery: o.retrainEvery, timeoutMs: 60000 });
    if (!settled) ctx.log(`prelabel reports no local model after ${labeled} labels`);
    else ctx.log(`prelabel trained local model v${settled.version} on ${settled.nLabels} labels: threshold ${settled.threshold?.toFixed(3) ?? 'none'}`);
    const checks = await settleLabelChecks(ctx, settled, { rounds: 3, timeoutMs: 60000 });
    labelChecks.checked += checks.checked;
    labelChecks.changed = checks.changed;
    const model = checks.model;
    const coverage = model?.threshold != null ? model.report.choice.coverage : 0;
    if (model?.threshold != null && coverage >= bar) return { outcome: mergeBatches(batches), batches: batches.length, model, labelChecks };
    if (batches.length > o.maxExtraBatches) {
      ctx.log(
        model?.threshold != null
          ? `after ${labeled} human labels the local model would take ${Math.round(coverage * 100)} % of its held-out answers, under the plan: phase 2 goes on with it`
          : `the local model found no threshold for the target precision after ${labeled} labels: phase 2 goes on with every task to the humans`,
      );
      return { outcome: mergeBatches(batches), batches: batches.length, model, labelChecks };
    }
    // Prelabel retrains on every `retrainEvery` new human labels; once the model has a threshold
    // it takes about `coverage` of new comments (less the audited share) itself, so the batch is
    // larger by that much, or it would bring too few human labels to retrain on (a fifth more
    // than a retrain's worth, so that a batch the model takes a little more of still brings one).
    const humanShare = 1 - (model?.threshold != null ? coverage * (1 - o.auditRate) : 0);
    const extra = model?.threshold != null ? Math.ceil((1.2 * o.retrainEvery) / Math.max(0.25, humanShare)) : o.retrainEvery;
    ctx.log(
      model?.threshold != null
        ? `its threshold would take ${Math.round(coverage * 100)} % of its held-out answers, under the ${Math.round(bar * 100)} % a planned ${Math.round(o.plannedShare * 100)} % auto-accepted needs: ${extra} more comments, for about ${Math.round(extra * humanShare)} human labels`
        : `its held-out answers do not support the target precision yet: ${extra} more comments for the humans`,
    );
    batches.push(await labelBatch(ctx, supply.take(extra)));
  }
}
