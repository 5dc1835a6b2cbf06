import { AnnotatorEvent, LabelEvent, PrelabelEvent, PrelabelRoute, TOPICS } from '@verity/contracts';
import { createKafka } from '@verity/messaging';
import { Logger } from '@verity/telemetry';
import { setUpDemoProject } from './demo-project';
import { expertComparison, meanPairwiseAgreement, reliabilities } from './figures';
import { runHumanPhase } from './human-phase';
import { LoopContext, mergeBatches } from './label-batch';
import { runMachinePhase } from './machine-phase';
import { piiReport } from './pii-report';
import { mulberry32 } from './random';
import { countRoutes } from './routes';
import { plantSyntheticPii } from './synthetic-pii';
import { tapTopic } from './topic-tap';
import { TruthBook } from './truth-book';
import { Comment, CommentSupply } from './youtube-spam';

export interface LoopOptions {
  gateway: string;
  brokers: string[];
  adminEmail: string;
  adminPassword: string;
  /** The comments in the order the phases take them (no comment is used twice). */
  comments: Comment[];
  phase1Items: number;
  phase2Items: number;
  /** Accuracy of each simulated annotator; one more answers at random (the spammer). */
  accuracies: number[];
  expertAccuracy: number;
  /** Comments registered as the gold set for honeypots (taken first, never published). */
  goldItems: number;
  /** Share of the published comments the demo plants synthetic PII in. */
  piiShare: number;
  targetPrecision: number;
  auditRate: number;
  /** The share of new items the PM plans for the model to auto-accept: phase 1 labels more until the model's held-out answers support it. */
  plannedShare: number;
  /** prelabel's PRELABEL_LOCAL_RETRAIN_EVERY: labels between two versions of the local model. */
  retrainEvery: number;
  seed: number;
  log: (line: string) => void;
  /**
   * Reads one phase-1 comment's trace back right after phase 1 (before phase 2's spans crowd a
   * small trace store): what the demo prints about it.
   */
  describeTrace?: (t: { itemId: string; traceId: string; adjudicated: boolean }) => Promise<string>;
}

/**
 * One phase-1 comment's trace id, preferring one an expert settled (its trace crosses every
 * service); undefined when the demo does not trace.
 */
function exampleTrace(ctx: LoopContext, h: { routes: { itemId: string; comment: Comment }[]; labels: Map<string, LabelEvent> }) {
  const traced = h.routes.filter((r) => ctx.traces.has(r.comment.key));
  const pick = traced.find((r) => h.labels.get(r.itemId)?.adjudicated) ?? traced[0];
  return pick ? { itemId: pick.itemId, traceId: ctx.traces.get(pick.comment.key)!, adjudicated: Boolean(h.labels.get(pick.itemId)?.adjudicated) } : undefined;
}

/**
 * The whole loop on one project, through the same HTTP API people use: a PM sets the project up,
 * an upstream producer publishes content to Kafka, simulated annotators answer, a simulated
 * expert adjudicates. Phase 1 is the humans' (the local model learns from their labels); phase 2
 * gives the trained model new comments. A release is written to S3 at the end. Returns the
 * figures the demo prints.
 */
export async function runLabelingLoop(o: LoopOptions) {
  const gold = o.comments.slice(0, o.goldItems);
  const published = plantSyntheticPii(o.comments.slice(o.goldItems), o.seed, o.piiShare);
  const project = await setUpDemoProject({ ...o, gold });
  o.log(
    `project ${project.id}: ${project.annotators.length} annotators (accuracies ${o.accuracies.join(', ')} and one random spammer), ` +
      `1 expert (accuracy ${o.expertAccuracy}); local model on, target precision ${o.targetPrecision}, audit rate ${o.auditRate}`,
  );
  o.log(
    `checks at a new project's defaults: honeypot rate ${project.honeypotRate}, reliability floor ${project.reliabilityFloor}; ` +
      `${project.goldItems} gold items registered (POST /v1/projects/:id/gold); synthetic PII planted in a share ${o.piiShare} of the comments`,
  );

  const kafka = createKafka({ brokers: o.brokers, clientId: `demo-${project.run}` }, new Logger('demo', 'error'));
  const labels = await tapTopic(kafka, TOPICS.labels, project.id);
  const prelabels = await tapTopic(kafka, TOPICS.prelabels, project.id);
  const annotatorEvents = await tapTopic(kafka, TOPICS.annotators, project.id);
  const ctx: LoopContext = {
    project,
    kafka,
    prelabels: prelabels.events as PrelabelEvent[],
    labels: labels.events as LabelEvent[],
    truth: new TruthBook(),
    rnd: mulberry32(o.seed),
    accuracies: o.accuracies,
    expertAccuracy: o.expertAccuracy,
    log: o.log,
    traces: new Map(),
  };
  // The simulated people know the gold comments' classes too: a honeypot is answered from the
  // truth like any other task (unknown, it would be answered "ham" and count against them).
  ctx.truth.add(gold);
  const supply = new CommentSupply(published);

  try {
    o.log('phase 1: the humans label; prelabel trains the local model from their labels on labels.v1');
    const human = await runHumanPhase(ctx, supply, { firstBatch: o.phase1Items, retrainEvery: o.retrainEvery, maxExtraBatches: 4, plannedShare: o.plannedShare, auditRate: o.auditRate });
    const reliability = reliabilities(annotatorEvents.events as AnnotatorEvent[], project);
    const example = exampleTrace(ctx, human.outcome);
    const trace = example && o.describeTrace ? await o.describeTrace(example) : undefined;

    o.log(`phase 2: ${o.phase2Items} new comments; the local model takes the ones it is sure of`);
    const machine = await runMachinePhase(ctx, supply.take(o.phase2Items), { auditedBefore: countRoutes(human.outcome.routes, PrelabelRoute.AUDIT) });

    const release = await project.pm.call<{ releaseId: string; location: string }>('POST', `/v1/projects/${project.id}/releases`, { name: `demo-${project.run}` }, 'create release');
    const h = human.outcome;
    const all = mergeBatches([h, machine.outcome]);
    const perItem = (answers: number, items: number) => (items ? answers / items : NaN);
    return {
      projectId: project.id,
      phase1: {
        items: h.routes.length,
        batches: human.batches,
        answers: h.answers.length,
        answersPerItem: perItem(h.answers.length, h.routes.length),
        labels: h.labels.size,
        vsMajorityVote: expertComparison(h.labels, h.answers, h.verdicts, ctx.truth),
        honeypotAnswers: h.honeypotAnswers,
        agreement: meanPairwiseAgreement(h.answers),
        adjudicated: h.adjudicated,
        adjudicatedLabels: [...h.labels.values()].filter((e) => e.adjudicated).length,
        reliability,
      },
      model: human.model,
      labelChecks: human.labelChecks,
      phase2: {
        ...machine,
        items: machine.outcome.routes.length,
        answers: machine.outcome.answers.length,
        answersPerItem: perItem(machine.outcome.answers.length, machine.outcome.routes.length),
        draftsShown: machine.outcome.draftsShown,
        labels: machine.outcome.labels.size,
        adjudicated: machine.outcome.adjudicated,
        vsMajorityVote: expertComparison(machine.outcome.labels, machine.outcome.answers, machine.outcome.verdicts, ctx.truth),
        honeypotAnswers: machine.outcome.honeypotAnswers,
      },
      setup: {
        accuracies: o.accuracies,
        expertAccuracy: o.expertAccuracy,
        honeypotRate: project.honeypotRate,
        reliabilityFloor: project.reliabilityFloor,
        goldItems: project.goldItems,
      },
      suspended: all.suspended,
      pii: piiReport(all.routes, all.shown),
      release,
      trace,
    };
  } finally {
    await labels.stop();
    await prelabels.stop();
    await annotatorEvents.stop();
  }
}
