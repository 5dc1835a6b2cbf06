import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fromBinary } from '@bufbuild/protobuf';
import { AdjudicationReason, type AnnotationEvent, type AnswerRecord, AnswerRecordSchema, causedBy, createEvent, newEnvelope, TOPICS, uuidv7 } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { EventRuntime, WeakLabelsRepository } from '@verity/service-runtime';
import { TasksRepository, type TaskRow } from '../db/tasks.repository';
import { answerKey } from '../domain/answer.key';
import { finalLabelOf } from '../domain/final-label.rule';
import { ProjectCopyRepository, questionOf } from '../db/project-copy.repository';
import { autoAcceptDecision, autoAcceptProblem } from '../domain/auto-accept.decision';
import { MachineAuditsRepository } from '../db/machine-audits.repository';
import { AnswersRepository } from '../db/answers.repository';

export type MachineOutcome = 'auto_accepted' | 'audit' | 'late';

/** What a label check did: sent the item to the expert, found the label agreeing, or found no decided task. */
export type LabelCheckOutcome = 'label_check_sent' | 'label_check_agrees' | 'label_check_skipped';

/** What the expert reads on a label check's request (the model's answer is not named: the expert decides blind). */
export const LABEL_CHECK_DETAIL = "label check: the project's local model, scored on this item without having trained on it, disagrees with its decided label";

/**
 * A stored machine answer, in the inbox transaction. Never gold, never used to judge humans: no
 * reliability, Dawid-Skene or honeypot update happens here.
 * - audit = false (auto-accepted by prelabel): it finalizes its open task on its own, a
 *   DecisionEvent with method MACHINE_AUTO_ACCEPT; a task already closed keeps its outcome.
 * - audit = true: the humans decide the task as usual; the audit row records the machine's
 *   answer, resolved against the final label when it is known (at once if already decided).
 */
@Injectable()
export class MachineAnswerUseCase {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly projects: ProjectCopyRepository,
    private readonly audits: MachineAuditsRepository,
    private readonly weakLabels: WeakLabelsRepository,
    private readonly answers: AnswersRepository,
    private readonly runtime: EventRuntime,
  ) {}

  /**
   * A label check (annotation.label_check, from prelabel): the local model disagrees out-of-fold
   * with an item's label. When the task is decided and its label differs from the machine's
   * answer, the item goes to the expert (adjudications.v1, reason MACHINE_DISAGREEMENT) with the
   * humans' answers and without the machine's; the verdict makes a new label version. Nothing is
   * stored and no task is created: a task without a final label here (unknown, open, or with the
   * expert) is left alone.
   */
  async labelCheck(tx: EntityManager, e: AnnotationEvent): Promise<LabelCheckOutcome> {
    const projectId = e.envelope!.projectId;
    const task = await this.tasks.lock(tx, projectId, e.taskId);
    if (!task || task.status === 'open') return 'label_check_skipped';
    const decided = await this.tasks.decidedLabel(tx, projectId, e.taskId);
    if (decided === null) return 'label_check_skipped';
    if (answerKey(e.answer) === decided) return 'label_check_agrees';
    const project = await this.projects.get(tx, projectId);
    const humans = (await this.answers.forTask(tx, projectId, e.taskId)).filter((a) => a.counted);
    const envelope = newEnvelope({ producer: 'quality', projectId, spec: TOPICS.adjudications, ...causedBy(e.envelope!) });
    const event = createEvent(TOPICS.adjudications, {
      envelope,
      requestId: uuidv7(),
      taskId: task.taskId,
      itemId: task.itemId,
      questionId: task.questionId,
      ontologyVersion: task.ontologyVersion,
      reasons: [AdjudicationReason.MACHINE_DISAGREEMENT],
      detail: LABEL_CHECK_DETAIL,
      answers: humans.map((a) => fromBinary(AnswerRecordSchema, a.record)),
      agreement: { answerCount: humans.length },
      proposedLabel: decided,
      agreementThreshold: project?.agreementThreshold ?? 0,
      posteriorThreshold: project?.posteriorThreshold ?? 0,
    });
    await this.runtime.outbox.enqueue(tx, TOPICS.adjudications, event);
    return 'label_check_sent';
  }

  async execute(tx: EntityManager, e: AnnotationEvent, record: AnswerRecord, task: TaskRow): Promise<MachineOutcome> {
    return e.audit ? this.audit(tx, e, task) : this.autoAccept(tx, e, record, task);
  }

  private async autoAccept(tx: EntityManager, e: AnnotationEvent, record: AnswerRecord, task: TaskRow): Promise<MachineOutcome> {
    if (task.status !== 'open') return 'late';
    const problem = autoAcceptProblem(record);
    if (problem) throw new NonRetryableError(`machine AnnotationEvent ${e.annotationId} (audit=false) cannot finalize task ${e.taskId}: ${problem}`);
    const cause = e.envelope!;
    const project = await this.projects.get(tx, task.projectId);
    const envelope = newEnvelope({ producer: 'quality', projectId: task.projectId, spec: TOPICS.decisions, ...causedBy(cause) });
    const decision = autoAcceptDecision(record, questionOf(project, task.questionId, task.ontologyVersion), cause.correlationId);
    const event = createEvent(TOPICS.decisions, {
      ...decision,
      envelope,
      decisionId: uuidv7(),
      taskId: task.taskId,
      itemId: task.itemId,
      questionId: task.questionId,
      ontologyVersion: task.ontologyVersion,
      weakLabels: await this.weakLabels.forDecision(tx, task.projectId, task.itemId, task.questionId),
    });
    await this.runtime.outbox.enqueue(tx, TOPICS.decisions, event);
    await this.tasks.close(tx, task.projectId, task.taskId, {
      status: 'decided',
      eventId: envelope.eventId,
      label: answerKey(record.answer),
      agreement: null,
      confidence: event.confidence,
      reasons: [],
      final: finalLabelOf({ label: event.label, answer: event.answer, method: event.aggregation?.method }),
    });
    return 'auto_accepted';
  }

  private async audit(tx: EntityManager, e: AnnotationEvent, task: TaskRow): Promise<MachineOutcome> {
    await this.audits.insert(tx, task.projectId, {
      annotationId: e.annotationId,
      taskId: task.taskId,
      itemId: task.itemId,
      questionId: task.questionId,
      ontologyVersion: task.ontologyVersion,
      modelId: e.model?.modelId || e.annotatorId,
      modelVersion: e.model?.modelVersion ?? '',
      machineKey: answerKey(e.answer),
    });
    // The humans were faster than the machine's answer (rare): the task's label is already final
    // (perhaps decided earlier in this batch: its closing must be written before it is read).
    await this.tasks.writeClosings(tx);
    await this.audits.resolveFromDecidedTask(tx, task.projectId, task.taskId);
    return 'audit';
  }
}
