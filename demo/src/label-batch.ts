import { Kafka } from 'kafkajs';
import { LabelEvent, PrelabelEvent } from '@verity/contracts';
import { annotateQueue, AnswerRow } from './annotators';
import { DemoProject } from './demo-project';
import { adjudicateQueue } from './expert';
import { latestLabels, waitForLabels } from './label-stream';
import { publishComments } from './publish-comments';
import { needsHumans, RoutedItem, waitForRoutes } from './routes';
import { TruthBook } from './truth-book';
import { Comment } from './youtube-spam';

/** What a batch needs: the project, the streams it is watched on, and the simulated people. */
export interface LoopContext {
  project: DemoProject;
  kafka: Kafka;
  /** The project's events on prelabels.v1 and labels.v1 since the start, filled as they arrive. */
  prelabels: PrelabelEvent[];
  labels: LabelEvent[];
  truth: TruthBook;
  rnd: () => number;
  accuracies: number[];
  expertAccuracy: number;
  log: (line: string) => void;
  /** Trace id of each published comment by its key (empty when the demo does not trace). */
  traces: Map<string, string>;
}

export interface BatchOutcome {
  routes: RoutedItem[];
  /** Human answers to the batch's items (honeypots not included). */
  answers: AnswerRow[];
  /** Answers to honeypots served among the batch's leases. */
  honeypotAnswers: number;
  draftsShown: number;
  /** The text each lease showed, by item. */
  shown: Map<string, string[]>;
  /** Annotators the platform refused work to (suspended). */
  suspended: string[];
  adjudicated: number;
  /** The simulated expert's verdict on each item it settled. */
  verdicts: Map<string, string>;
  /** The final label of each routed item on labels.v1. */
  labels: Map<string, LabelEvent>;
}

/**
 * One batch of comments through the whole loop: published upstream, routed by prelabel, answered
 * by the annotators where a human is needed, settled by the expert where quality asks, and
 * labeled on labels.v1.
 */
export async function labelBatch(ctx: LoopContext, comments: Comment[]): Promise<BatchOutcome> {
  const p = ctx.project;
  ctx.truth.add(comments);
  for (const [key, traceId] of await publishComments(ctx.kafka, p.source, comments)) ctx.traces.set(key, traceId);
  ctx.log(`published ${comments.length} comments to content.v1`);

  const routes = await waitForRoutes(ctx.prelabels, comments, 120000);
  if (routes.length < comments.length) ctx.log(`only ${routes.length} of ${comments.length} comments reached prelabel in time`);
  for (const r of routes) ctx.truth.learn(r.itemId, r.comment.text);
  const items = new Set(routes.map((r) => r.itemId));

  const work = await annotateQueue(p, {
    accuracies: ctx.accuracies,
    rnd: ctx.rnd,
    truth: ctx.truth,
    items,
    expectedAnswers: routes.filter(needsHumans).length * p.answersPerTask,
  });
  ctx.log(`annotators submitted ${work.answers.length} answers (and ${work.otherAnswers} to honeypots)`);
  if (work.suspended.length) ctx.log(`suspended by the platform (reliability below the floor): ${work.suspended.join(', ')}`);

  const verdicts = await adjudicateQueue(p, {
    accuracy: ctx.expertAccuracy,
    rnd: ctx.rnd,
    truth: ctx.truth,
    done: () => latestLabels(ctx.labels, items).size >= items.size,
  });
  ctx.log(`the expert adjudicated ${verdicts.size} items`);

  const labels = await waitForLabels(ctx.labels, items, 60000);
  return {
    routes,
    answers: work.answers,
    honeypotAnswers: work.otherAnswers,
    draftsShown: work.draftsShown,
    shown: work.shown,
    suspended: work.suspended,
    adjudicated: verdicts.size,
    verdicts,
    labels,
  };
}

/** Several batches as one: their routes, answers and labels together. */
export function mergeBatches(batches: BatchOutcome[]): BatchOutcome {
  return {
    routes: batches.flatMap((b) => b.routes),
    answers: batches.flatMap((b) => b.answers),
    honeypotAnswers: batches.reduce((n, b) => n + b.honeypotAnswers, 0),
    draftsShown: batches.reduce((n, b) => n + b.draftsShown, 0),
    shown: new Map(batches.flatMap((b) => [...b.shown])),
    suspended: [...new Set(batches.flatMap((b) => b.suspended))],
    adjudicated: batches.reduce((n, b) => n + b.adjudicated, 0),
    verdicts: new Map(batches.flatMap((b) => [...b.verdicts])),
    labels: new Map(batches.flatMap((b) => [...b.labels])),
  };
}
