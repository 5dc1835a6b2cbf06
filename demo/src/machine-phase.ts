import { AggregationMethod, PrelabelRoute } from '@verity/contracts';
import { QUESTION_ID } from './demo-project';
import { labelAccuracy, Score } from './figures';
import { adjudicateQueue } from './expert';
import { BatchOutcome, labelBatch, LoopContext } from './label-batch';
import { latestLabels } from './label-stream';
import { MachinePrecision, precisionOfVersions, waitForMachinePrecision } from './machine-precision';
import { countRoutes } from './routes';
import { Comment } from './youtube-spam';

export interface MachinePhase {
  outcome: BatchOutcome;
  routes: { autoAccepted: number; audited: number; withDraft: number; withoutDraft: number };
  /** Model versions that drafted the phase's tasks. */
  modelVersions: string[];
  /** Final labels of the auto-accepted tasks against the truth. */
  autoAccepted: Score;
  /** Of those labels, how many say they were made by machine auto-accept. */
  autoAcceptedByMachine: number;
  /** Quality's measure on the blind audits: the project's, so phase 1's extra batches' audits count too. */
  machinePrecision: MachinePrecision | null;
  /** The same measure on the audits of the model versions that routed phase 2 only (quality's per-version counts, pooled). */
  machinePrecisionPhase2: MachinePrecision | null;
  /** Audited answers of phase 1's extra batches (routed once the model had a threshold). */
  auditedBefore: number;
  /** Labeled items the expert looked at again because the machine disagreed (audits, label checks). */
  secondLooks: number;
  /** Every final label of the phase against the truth (after the second looks). */
  final: Score;
}

/**
 * Phase 2: new comments, once the local model has a threshold. Prelabel auto-accepts the
 * confident ones (a share of them audited blind by the humans), sends the rest to the humans
 * with its draft; the annotators and the expert work exactly as in phase 1.
 */
export async function runMachinePhase(ctx: LoopContext, comments: Comment[], o: { auditedBefore: number }): Promise<MachinePhase> {
  const outcome = await labelBatch(ctx, comments);
  // Second looks: the blind audits the crowd's label disagreed with, and label checks, wait in the
  // expert's queue after the items have their labels (decision 80).
  const secondLooks = await adjudicateQueue(ctx.project, { accuracy: ctx.expertAccuracy, rnd: ctx.rnd, truth: ctx.truth, done: () => false, idleMs: 8000 });
  if (secondLooks.size > 0) ctx.log(`the expert took a second look at ${secondLooks.size} labeled items the machine disagreed with (blind audits against the crowd, label checks)`);
  const autoItems = new Set(outcome.routes.filter((r) => r.route === PrelabelRoute.AUTO_ACCEPT).map((r) => r.itemId));
  const autoLabels = [...outcome.labels.values()].filter((l) => autoItems.has(l.itemId));
  const audited = countRoutes(outcome.routes, PrelabelRoute.AUDIT);
  const modelVersions = [...new Set(outcome.routes.map((r) => r.modelVersion).filter((v): v is string => !!v))].sort();
  const precision = await waitForMachinePrecision(ctx.project.pm, ctx.project.id, QUESTION_ID, { audits: o.auditedBefore + audited, timeoutMs: 60000 });
  return {
    outcome,
    routes: {
      autoAccepted: autoItems.size,
      audited,
      withDraft: countRoutes(outcome.routes, PrelabelRoute.HUMAN_WITH_DRAFT),
      withoutDraft: countRoutes(outcome.routes, PrelabelRoute.HUMAN_WITHOUT_DRAFT),
    },
    modelVersions,
    autoAccepted: labelAccuracy(autoLabels, ctx.truth),
    autoAcceptedByMachine: autoLabels.filter((l) => l.provenance?.aggregation?.method === AggregationMethod.MACHINE_AUTO_ACCEPT).length,
    machinePrecision: precision.all,
    machinePrecisionPhase2: precisionOfVersions(precision.byVersion, modelVersions),
    auditedBefore: o.auditedBefore,
    secondLooks: secondLooks.size,
    // The latest version of each label: a second look's verdict may have changed it.
    final: labelAccuracy(latestLabels(ctx.labels, new Set(outcome.labels.keys())).values(), ctx.truth),
  };
}
