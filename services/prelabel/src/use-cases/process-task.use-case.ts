import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, type AnnotationEvent, type PrelabelEvent, type Task, type TaskEvent, type WeakLabel } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import { NonRetryableError } from '@verity/messaging';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { CandidateRepository, parkedKey } from '../db/candidate.repository';
import { RecordPredictionUseCase } from './record-prediction.use-case';
import { routeOf, type Route } from '../domain/routing.rule';
import { weakKey, WeakLabelRepository } from '../db/weak-label.repository';
import { UsageRepository, type UsageRow } from '../db/usage.repository';
import { ModelCache } from './model-cache.service';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { type ProjectPolicyCopy, ProjectPolicyRepository } from '../db/project-policy.repository';
import { DraftBackends, type DraftOutcome } from './draft-backends.service';
import { DraftRepository, type DraftRow } from '../db/draft.repository';
import { choice, machineAnnotation, modelInfo, prelabelEvent } from '../events/prelabel-events.factory';
import { TaskRepository } from '../db/task.repository';
import { LfVotesService } from './lf-votes.service';
import { ImportedPrelabelsService } from './imported-prelabels.service';
import { type WeakDraft, WeakSupervisionService } from './weak-supervision.service';

export type ProcessOutcome = Route | 'duplicate';

/**
 * tasks.v1 → draft (LLM or local, outside any transaction) → calibrated confidence → route →
 * in one inbox transaction: the task copy, the draft row, the usage row and the outbox events
 * (prelabels.v1, plus the MACHINE answer on annotations.v1 when auto-accepted or audited), and
 * the votes of the project's labeling functions on the task's text.
 * A batch of tasks shares one transaction (`executeMany`).
 */
@Injectable()
export class ProcessTaskUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
    private readonly runtime: EventRuntime,
    private readonly backends: DraftBackends,
    private readonly projects: ProjectPolicyRepository,
    private readonly tasks: TaskRepository,
    private readonly drafts: DraftRepository,
    private readonly usage: UsageRepository,
    private readonly weak: WeakLabelRepository,
    private readonly predictions: RecordPredictionUseCase,
    private readonly candidates: CandidateRepository,
    private readonly lfVotes: LfVotesService,
    private readonly imported: ImportedPrelabelsService,
    private readonly weakSupervision: WeakSupervisionService,
  ) {}

  async execute(event: TaskEvent, ctx: MessageContext): Promise<ProcessOutcome> {
    const [outcome] = await this.executeMany([{ event, ctx }]);
    return outcome;
  }

  /**
   * A batch in offset order, with the effect of `execute` one by one: tasks already drafted found
   * in one query, drafts made outside any transaction (concurrently; the LLM client bounds its
   * calls), then one inbox transaction writing tasks, drafts and outbox records a statement each.
   * A task that comes again later in the batch is a duplicate, as it would be one by one.
   */
  async executeMany(records: readonly { event: TaskEvent; ctx: MessageContext }[]): Promise<ProcessOutcome[]> {
    const tasks = records.map((r) => checkTask(r.event));
    // A redelivered task (drafted before, or earlier in this batch) is not sent to the model again (no double cost).
    const seen = await this.drafts.existing(this.ds, tasks);
    const todo = records
      .map((r, i) => ({ ...r, task: tasks[i] }))
      .filter((r) => {
        if (seen.has(r.task.taskId)) return false;
        seen.add(r.task.taskId);
        return true;
      });
    const policies = new Map<string, ProjectPolicyCopy | null>();
    for (const projectId of new Set(todo.map((r) => r.task.projectId))) policies.set(projectId, await this.projects.get(this.ds, projectId));
    // A task with an imported prediction (Label Studio) takes it as its draft: no model is asked.
    const imported = await this.imported.newestFor(this.ds, todo.map((r) => r.task));
    const outs = await Promise.all(
      todo.map((r) => (imported.has(r.task.taskId) ? undefined : this.backends.draft(r.task, this.backends.choose(policies.get(r.task.projectId)?.mode)))),
    );
    const weak = await this.weak.forItems(this.ds, todo.map((r) => r.task));
    // llm labeling functions' prompts, asked outside any transaction like the drafts.
    const llmAnswers = await this.lfVotes.askLlmOnArrival(todo.map((r) => r.task));
    // The label model's view of the labeling functions' votes on the texts (weak supervision).
    const weakDrafts = await this.weakSupervision.draftsFor(
      todo.filter((r) => !imported.has(r.task.taskId)).map((r) => r.task),
      (projectId) => policies.get(projectId)?.targetPrecision ?? null,
      llmAnswers,
    );
    const planned: PlannedDraft[] = todo.map((r, i) => {
      const weakLabels = weak.get(weakKey(r.task.itemId, r.task.questionId)) ?? [];
      const own = imported.get(r.task.taskId);
      return own
        ? this.imported.plan(r.task, r.event.envelope, own, weakLabels)
        : this.plan(r.event, r.task, policies.get(r.task.projectId) ?? null, outs[i]!, weakLabels, weakDrafts.drafts.get(r.task.taskId));
    });
    const inbox = this.runtime.inbox('prelabel.tasks');
    await inbox.onceManyOf(
      todo.map((r, i) => ({ ctx: r.ctx, plan: planned[i]! })),
      async (tx, fresh) => {
        const ps = fresh.map((f) => f.plan);
        await this.candidates.lockItemsShared(tx, ps.map((p) => p.task.itemId));
        await this.imported.takeOver(tx, ps);
        await this.tasks.insertMany(tx, ps.map((p) => p.task));
        // Labeling functions on the tasks: active LFs read once, votes in one statement.
        await this.lfVotes.voteOnArrival(tx, ps.map((p) => p.task), llmAnswers);
        const parked = await this.candidates.withParked(tx, ps.map((p) => p.task));
        for (const p of ps) if (parked.has(parkedKey(p.task.itemId, p.task.questionId))) await this.predictions.resolveParked(tx, p.task);
        const inserted = await this.drafts.insertMany(tx, ps.map((p) => p.draft));
        // A task another instance drafted meanwhile is not announced again.
        const announced = ps.filter((_, i) => inserted[i]);
        for (const p of announced) if (p.usage) await this.usage.insert(tx, p.usage);
        await this.imported.markApplied(tx, announced);
        this.runtime.outbox.defer(tx);
        for (const p of announced) for (const [topic, ev] of p.events) await this.runtime.outbox.enqueue(tx, topic, ev);
        await this.runtime.outbox.flush(tx);
      },
    );
    // Their votes are stored now: a label-model fit may be due.
    this.weakSupervision.afterArrival(weakDrafts.lfQuestions);
    const routes = new Map(todo.map((r, i) => [r.ctx, planned[i].route]));
    return records.map((r) => routes.get(r.ctx) ?? 'duplicate');
  }

  /**
   * Calibrated confidence → route → the draft row, the usage row and the events to announce.
   * The model's draft (LLM or local) goes first; the weak label (the label model over the LFs'
   * votes) takes over when the model's draft is not auto-accepted and the weak label is (or is
   * audited), and when the model has no draft at all, as the draft humans see.
   */
  private plan(event: TaskEvent, task: Task, policy: ProjectPolicyCopy | null, modelOut: DraftOutcome, weakLabels: WeakLabel[], weakDraft?: WeakDraft): PlannedDraft {
    let calibrated: number | undefined;
    let threshold: number | null = null;
    if (modelOut.confidence !== undefined) {
      const target = policy?.targetPrecision ?? null;
      if (modelOut.served) {
        const c = ModelCache.calibrated(modelOut.served, modelOut.confidence, target, this.cfg.PRELABEL_THRESHOLD_MIN_SUPPORT);
        calibrated = c.calibrated;
        threshold = c.derivedThreshold;
      } else {
        // LLM without a calibration yet: its self-reported confidence is not trusted for auto-accept.
        calibrated = undefined;
      }
      if (policy?.autoAcceptThreshold !== null && policy?.autoAcceptThreshold !== undefined && modelOut.served) threshold = policy.autoAcceptThreshold;
    }
    const auditRate = policy?.auditRate ?? this.cfg.PRELABEL_DEFAULT_AUDIT_RATE;
    let out = modelOut;
    let route = routeOf({ hasDraft: modelOut.optionId !== undefined, calibrated: modelOut.optionId !== undefined ? (calibrated ?? 0) : undefined, threshold, auditRate, taskId: task.taskId });
    let lfVotes: WeakDraft['votes'] = [];
    if (weakDraft && route !== 'auto_accept' && route !== 'audit') {
      const weakRoute = routeOf({ hasDraft: true, calibrated: weakDraft.calibrated, threshold: weakDraft.threshold, auditRate, taskId: task.taskId });
      if (weakRoute !== 'human_with_draft' || route === 'human_without_draft') {
        route = weakRoute;
        out = weakOutcome(weakDraft, modelOut);
        calibrated = weakDraft.calibrated;
        threshold = weakDraft.threshold;
        lfVotes = weakDraft.votes;
      }
    }
    const hasDraft = out.optionId !== undefined;
    const model = modelInfo({ ...out, calibrated, lfVotes });
    const answer = hasDraft ? choice(out.optionId!) : undefined;
    const ev = prelabelEvent({
      task,
      cause: event.envelope,
      route,
      draft: answer,
      model,
      threshold,
      failure: out.failure,
      detail: out.detail,
      usage: out.usage,
      latencyMs: out.latencyMs,
      uncertainty: calibrated !== undefined ? 1 - calibrated : undefined,
      weakLabels,
      calibrationVersion: out.served ? `isotonic/${out.served.row.backend}-v${out.served.row.version}` : '',
    });
    const events: PlannedDraft['events'] = [[TOPICS.prelabels, ev]];
    if ((route === 'auto_accept' || route === 'audit') && answer)
      events.push([TOPICS.annotations, machineAnnotation({ task, prelabel: ev, answer, model, audit: route === 'audit' })]);
    return {
      task,
      route,
      events,
      draft: {
        taskId: task.taskId,
        eventId: ev.envelope!.eventId,
        projectId: task.projectId,
        itemId: task.itemId,
        questionId: task.questionId,
        backend: out.backend,
        modelId: out.modelId,
        modelVersion: out.modelVersion,
        promptVersion: out.promptVersion,
        optionId: out.optionId ?? null,
        confidence: out.confidence ?? null,
        calibrated: calibrated ?? null,
        threshold,
        route,
        failure: out.failure ?? null,
        audit: route === 'audit',
      },
      usage: modelOut.usage && {
        taskId: task.taskId,
        projectId: task.projectId,
        model: modelOut.modelId,
        promptTokens: modelOut.usage.promptTokens,
        completionTokens: modelOut.usage.completionTokens,
        calls: modelOut.usage.calls,
        costMicroUsd: modelOut.usage.costMicroUsd,
        failure: modelOut.failure ?? null,
      },
    };
  }
}

/** The weak label as a draft outcome: backend `labelmodel`, the served fit's version; the model's spend (an LLM call made) stays. */
function weakOutcome(w: WeakDraft, modelOut: DraftOutcome): DraftOutcome {
  return {
    backend: 'labelmodel',
    modelId: w.served.row.modelId,
    modelVersion: String(w.served.row.version),
    promptVersion: '',
    optionId: w.optionId,
    confidence: w.confidence,
    detail: `label model over ${w.votes.length} labeling-function vote(s)`,
    usage: modelOut.usage,
    latencyMs: modelOut.latencyMs,
    served: w.served,
  };
}

/** What one task's transaction writes: the task copy, its draft row, its usage row and its events. */
interface PlannedDraft {
  task: Task;
  route: Route;
  draft: DraftRow;
  usage?: UsageRow;
  events: ([typeof TOPICS.prelabels, PrelabelEvent] | [typeof TOPICS.annotations, AnnotationEvent])[];
}

function checkTask(event: TaskEvent): Task {
  const task = event.task;
  if (!task) throw new NonRetryableError('event has no task');
  for (const f of ['taskId', 'itemId', 'projectId', 'questionId'] as const) if (!task[f]) throw new NonRetryableError(`task.${f} is empty`);
  if (!task.question) throw new NonRetryableError(`task ${task.taskId} has no question snapshot`);
  return task;
}
