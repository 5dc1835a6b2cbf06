import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, type TaskEvent } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import { NonRetryableError } from '@verity/messaging';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { RecordPredictionUseCase } from '../active-learning/record-prediction.use-case';
import { routeOf, type Route } from '../domain/routing';
import { WeakLabelRepository } from '../feedback/weak-label.repository';
import { UsageRepository } from '../llm/usage.repository';
import { ModelCache } from '../local/model-cache.service';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { ProjectPolicyRepository } from '../projects/project-policy.repository';
import { DraftBackends } from './draft-backends.service';
import { DraftRepository } from './draft.repository';
import { choice, machineAnnotation, modelInfo, prelabelEvent } from './prelabel-events.factory';
import { TaskRepository } from './task.repository';

export type ProcessOutcome = Route | 'duplicate';

/**
 * tasks.v1 → draft (LLM or local, outside any transaction) → calibrated confidence → route →
 * in one inbox transaction: the task copy, the draft row, the usage row and the outbox events
 * (prelabels.v1, plus the MACHINE answer on annotations.v1 when auto-accepted or audited).
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
  ) {}

  async execute(event: TaskEvent, ctx: MessageContext): Promise<ProcessOutcome> {
    const task = event.task;
    if (!task) throw new NonRetryableError('event has no task');
    for (const f of ['taskId', 'itemId', 'projectId', 'questionId'] as const) if (!task[f]) throw new NonRetryableError(`task.${f} is empty`);
    if (!task.question) throw new NonRetryableError(`task ${task.taskId} has no question snapshot`);
    // A redelivered task is not sent to the model again (no double cost).
    if (await this.drafts.exists(this.ds, task.taskId)) return 'duplicate';

    const policy = await this.projects.get(this.ds, task.projectId);
    const out = await this.backends.draft(task, this.backends.choose(policy?.mode));
    let calibrated: number | undefined;
    let threshold: number | null = null;
    if (out.confidence !== undefined) {
      const target = policy?.targetPrecision ?? null;
      if (out.served) {
        const c = ModelCache.calibrated(out.served, out.confidence, target, this.cfg.PRELABEL_THRESHOLD_MIN_SUPPORT);
        calibrated = c.calibrated;
        threshold = c.derivedThreshold;
      } else {
        // LLM without a calibration yet: its self-reported confidence is not trusted for auto-accept.
        calibrated = undefined;
      }
      if (policy?.autoAcceptThreshold !== null && policy?.autoAcceptThreshold !== undefined && out.served) threshold = policy.autoAcceptThreshold;
    }
    const hasDraft = out.optionId !== undefined;
    const route = routeOf({
      hasDraft,
      calibrated: hasDraft ? (calibrated ?? 0) : undefined,
      threshold,
      auditRate: policy?.auditRate ?? this.cfg.PRELABEL_DEFAULT_AUDIT_RATE,
      taskId: task.taskId,
    });
    const model = modelInfo({ ...out, calibrated });
    const answer = hasDraft ? choice(out.optionId!) : undefined;
    const weakLabels = await this.weak.forItem(this.ds, task.itemId, task.questionId);
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
    const inbox = this.runtime.inbox('prelabel.tasks');
    await inbox.once(ctx, async (tx) => {
      await this.tasks.insert(tx, task);
      await this.predictions.resolveParked(tx, task);
      const fresh = await this.drafts.insert(tx, {
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
      });
      if (!fresh) return; // another instance drafted the same task first
      if (out.usage)
        await this.usage.insert(tx, {
          taskId: task.taskId,
          projectId: task.projectId,
          model: out.modelId,
          promptTokens: out.usage.promptTokens,
          completionTokens: out.usage.completionTokens,
          calls: out.usage.calls,
          costMicroUsd: out.usage.costMicroUsd,
          failure: out.failure ?? null,
        });
      await this.runtime.outbox.enqueue(tx, TOPICS.prelabels, ev);
      if ((route === 'auto_accept' || route === 'audit') && answer)
        await this.runtime.outbox.enqueue(tx, TOPICS.annotations, machineAnnotation({ task, prelabel: ev, answer, model, audit: route === 'audit' }));
    });
    return route;
  }
}
