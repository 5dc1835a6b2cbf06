import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AnnotationEvent, type AnswerRecord, causedBy, createEvent, newEnvelope, TOPICS, uuidv7 } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { EventRuntime, WeakLabelsRepository } from '@verity/service-runtime';
import { TasksRepository, type TaskRow } from '../db/tasks.repository';
import { answerKey } from '../domain/answer.key';
import { finalLabelOf } from '../domain/final-label.rule';
import { ProjectCopyRepository, questionOf } from '../db/project-copy.repository';
import { autoAcceptDecision, autoAcceptProblem } from '../domain/auto-accept.decision';
import { MachineAuditsRepository } from '../db/machine-audits.repository';
import { AUDIT_CHECK_DETAIL, LABEL_CHECK_DETAIL, SecondLookService } from './second-look.service';

export type MachineOutcome = 'auto_accepted' | 'audit' | 'late';

/** What a label check did: sent the item to the expert, found the label agreeing, or found no decided task. */
export type LabelCheckOutcome = 'label_check_sent' | 'label_check_agrees' | 'label_check_skipped';


/**
 * A stored machine answer, in the inbox transaction. Never gold, never used to judge humans: no
 * reliability, Dawid-Skene or honeypot update happens here.
 * - audit = false (auto-accepted by prelabel): it finalizes its open task on its own, a
 *   DecisionEvent with method MACHINE_AUTO_ACCEPT; a task already closed keeps its outcome.
 * - audit = true: the humans decide the task as usual; the audit row records the machine's
 *   answer, resolved against the final label when it is known (at once if already decided); when
 *   the crowd's label disagrees with it, the expert takes a second look and resolves it.
 */
@Injectable()
export class MachineAnswerUseCase {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly projects: ProjectCopyRepository,
    private readonly audits: MachineAuditsRepository,
    private readonly weakLabels: WeakLabelsRepository,
    private readonly secondLook: SecondLookService,
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
    await this.secondLook.request(tx, task, decided, LABEL_CHECK_DETAIL, e.envelope!);
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
    const { escalated } = await this.audits.resolveFromDecidedTask(tx, task.projectId, task.taskId);
    if (escalated > 0) {
      const decided = await this.tasks.decidedLabel(tx, task.projectId, task.taskId);
      if (decided !== null) await this.secondLook.request(tx, task, decided, AUDIT_CHECK_DETAIL, e.envelope!);
    }
    return 'audit';
  }
}
