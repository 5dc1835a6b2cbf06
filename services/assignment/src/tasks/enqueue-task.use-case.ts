import { Inject, Injectable } from '@nestjs/common';
import { PrelabelRoute, type Envelope, type PrelabelEvent, type Task } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.config';
import { QueuePriorityRepository } from '../queue/queue-priority.repository';
import { isReask } from '../queue/reask';
import type { Queryable } from '../shared/db';
import { TaskIntakeRepository } from './task-intake.repository';

export type EnqueueOutcome = 'queued' | 'duplicate' | 'gold' | 'auto_accepted' | 'reprioritised';

/**
 * A task from tasks.v1 (or prelabels.v1, with its draft) enters its project's queue with
 * N = answers_required (else the project's answers_per_task, else the default) slots.
 * A task flagged honeypot with an expected answer goes to the gold set instead: it is served
 * only through injection, at the project's honeypot rate.
 */
@Injectable()
export class EnqueueTaskUseCase {
  constructor(
    private readonly intake: TaskIntakeRepository,
    private readonly queuePriority: QueuePriorityRepository,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
  ) {}

  async fromTask(tx: Queryable, task: Task | undefined, env: Envelope | undefined, eventId: string): Promise<EnqueueOutcome> {
    return this.enqueue(tx, this.check(task), env, eventId, { taskEventId: eventId });
  }

  /**
   * By route: AUTO_ACCEPT queues nothing (the machine answer finalizes the task; open slots of a
   * copy already queued from tasks.v1 are withdrawn); AUDIT queues for humans blind (never a
   * draft, even if the event carried one) and flags the answers `audit`; HUMAN_WITH_DRAFT queues
   * with the draft, so leases show it and answers say `draft_shown`; anything else plainly.
   */
  async fromPrelabel(tx: Queryable, ev: PrelabelEvent, eventId: string): Promise<EnqueueOutcome> {
    const task = this.check(ev.task);
    if (ev.route === PrelabelRoute.AUTO_ACCEPT) {
      await this.intake.withdrawOpenSlots(tx, task);
      return 'auto_accepted';
    }
    const withDraft = ev.route === PrelabelRoute.HUMAN_WITH_DRAFT && ev.draft !== undefined && ev.draft.value.case !== undefined;
    return this.enqueue(tx, task, ev.envelope, eventId, {
      draft: withDraft ? { answer: ev.draft!, prelabelEventId: eventId, model: ev.model } : undefined,
      audit: ev.route === PrelabelRoute.AUDIT,
      // prelabel's event is caused by the tasks.v1 event (the audit chain's task event id).
      taskEventId: ev.envelope?.causationId,
    });
  }

  private async enqueue(
    tx: Queryable,
    task: Task,
    env: Envelope | undefined,
    eventId: string,
    extra: { draft?: { answer: NonNullable<PrelabelEvent['draft']>; prelabelEventId: string; model?: PrelabelEvent['model'] }; audit?: boolean; taskEventId?: string } = {},
  ): Promise<EnqueueOutcome> {
    if (task.honeypot) {
      if (!task.expectedAnswer) throw new NonRetryableError(`honeypot task ${task.taskId} has no expected_answer`);
      await this.intake.addGoldFromTask(tx, task);
      return 'gold';
    }
    // Active learning / feedback about an item whose question is still being worked on: that task
    // jumps the queue instead of a duplicate being queued beside it (see docs/decisions.md).
    if (isReask(task)) {
      const incomplete = await this.queuePriority.raiseIncomplete(tx, task);
      if (incomplete && incomplete !== task.taskId) return 'reprioritised';
    }
    const projectAnswers: { n: number }[] = await tx.query(
      `SELECT answers_per_task AS n FROM assignment.projects WHERE project_id = $1`,
      [task.projectId],
    );
    const answers = task.answersRequired || projectAnswers[0]?.n || this.config.ASSIGNMENT_DEFAULT_ANSWERS;
    const isNew = await this.intake.enqueue(tx, task, {
      answers,
      eventId,
      correlationId: env?.correlationId || eventId,
      ...extra,
    });
    return isNew ? 'queued' : 'duplicate';
  }

  private check(task: Task | undefined): Task {
    if (!task) throw new NonRetryableError('event has no task');
    for (const f of ['taskId', 'itemId', 'projectId', 'questionId'] as const) {
      if (!task[f]) throw new NonRetryableError(`task.${f} is empty`);
    }
    if (!task.question) throw new NonRetryableError(`task ${task.taskId} has no question snapshot`);
    if (task.question.questionId && task.question.questionId !== task.questionId)
      throw new NonRetryableError(`task ${task.taskId}: question.question_id differs from task.question_id`);
    return task;
  }
}
