import { Inject, Injectable } from '@nestjs/common';
import { PrelabelRoute, type Envelope, type PrelabelEvent, type Task } from '@verity/contracts';
import { NonRetryableError, traceOfCause } from '@verity/messaging';
import { traceparentOf } from '@verity/telemetry';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { QueuePriorityRepository } from '../db/queue-priority.repository';
import { isReask } from '../domain/reask.rule';
import type { EntityManager } from 'typeorm';
import { type DraftInput, type QueueEntry, TaskIntakeRepository } from '../db/task-intake.repository';
import { ImportedAnswersRepository } from '../db/imported-answers.repository';
import { ApplyImportedAnswersService } from './apply-imported-answers.service';

export type EnqueueOutcome = 'queued' | 'duplicate' | 'gold' | 'auto_accepted' | 'reprioritised';

/** One record of a batch: a tasks.v1 or a prelabels.v1 event, with its event id. */
export type EnqueueInput = { kind: 'task'; task: Task | undefined; env: Envelope | undefined; eventId: string } | { kind: 'prelabel'; ev: PrelabelEvent; eventId: string };

type Extra = { draft?: DraftInput; audit?: boolean; taskEventId?: string };

/**
 * A task from tasks.v1 (or prelabels.v1, with its draft) enters its project's queue with
 * N = answers_required (else the project's answers_per_task, else the default) slots.
 * A task flagged honeypot with an expected answer goes to the gold set instead: it is served
 * only through injection, at the project's honeypot rate. A new real task takes the imported
 * answers parked for its content's source ids and question (ApplyImportedAnswersService).
 */
@Injectable()
export class EnqueueTaskUseCase {
  constructor(
    private readonly intake: TaskIntakeRepository,
    private readonly queuePriority: QueuePriorityRepository,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
    private readonly imports: ImportedAnswersRepository,
    private readonly importedAnswers: ApplyImportedAnswersService,
  ) {}

  async fromTask(tx: EntityManager, task: Task | undefined, env: Envelope | undefined, eventId: string): Promise<EnqueueOutcome> {
    const checked = this.check(task);
    await this.lockForImports(tx, [checked]);
    return this.enqueue(tx, checked, env, eventId, { taskEventId: eventId });
  }

  /**
   * By route: AUTO_ACCEPT queues nothing (the machine answer finalizes the task; open slots of a
   * copy already queued from tasks.v1 are withdrawn); AUDIT queues for humans blind (never a
   * draft, even if the event carried one) and flags the answers `audit`; HUMAN_WITH_DRAFT queues
   * with the draft, so leases show it and answers say `draft_shown`; anything else plainly.
   */
  async fromPrelabel(tx: EntityManager, ev: PrelabelEvent, eventId: string): Promise<EnqueueOutcome> {
    const task = this.check(ev.task);
    if (ev.route === PrelabelRoute.AUTO_ACCEPT) {
      await this.intake.withdrawOpenSlots(tx, task.projectId, task.taskId);
      return 'auto_accepted';
    }
    await this.lockForImports(tx, [task]);
    return this.enqueue(tx, task, ev.envelope, eventId, this.prelabelExtra(ev, eventId));
  }

  /**
   * A batch in offset order, with the same effect as `fromTask` / `fromPrelabel` one by one: runs
   * of plain tasks (not gold, not a re-ask, not auto-accepted, each task once) are queued in bulk,
   * and any other record is handled alone in its place, after the run before it.
   */
  async enqueueMany(tx: EntityManager, inputs: readonly EnqueueInput[]): Promise<EnqueueOutcome[]> {
    const outcomes: EnqueueOutcome[] = [];
    const projectIds = new Set<string>();
    const checked = inputs.map((input) => {
      const task = this.check(input.kind === 'task' ? input.task : input.ev.task);
      projectIds.add(task.projectId);
      return { input, task };
    });
    await this.lockForImports(tx, checked.map((c) => c.task));
    const answersOf = await this.answersPerProject(tx, [...projectIds]);
    let run: { at: number; entry: QueueEntry }[] = [];
    const inRun = new Set<string>();
    const flush = async () => {
      if (run.length === 0) return;
      const fresh = await this.intake.enqueueMany(tx, run.map((r) => r.entry));
      run.forEach((r, i) => (outcomes[r.at] = fresh[i] ? 'queued' : 'duplicate'));
      await this.applyImported(tx, run.filter((_, i) => fresh[i]).map((r) => r.entry.task));
      run = [];
      inRun.clear();
    };
    for (const [at, { input, task }] of checked.entries()) {
      const env = input.kind === 'task' ? input.env : input.ev.envelope;
      const plain = !task.honeypot && !isReask(task) && !(input.kind === 'prelabel' && input.ev.route === PrelabelRoute.AUTO_ACCEPT);
      if (plain && !inRun.has(task.taskId)) {
        inRun.add(task.taskId);
        const extra: Extra = input.kind === 'task' ? { taskEventId: input.eventId } : this.prelabelExtra(input.ev, input.eventId);
        run.push({ at, entry: this.entry(task, env, input.eventId, answersOf.get(task.projectId), extra) });
        continue;
      }
      await flush();
      outcomes[at] = input.kind === 'task' ? await this.fromTask(tx, task, env, input.eventId) : await this.fromPrelabel(tx, input.ev, input.eventId);
    }
    await flush();
    return outcomes;
  }

  private prelabelExtra(ev: PrelabelEvent, eventId: string): Extra {
    const withDraft = ev.route === PrelabelRoute.HUMAN_WITH_DRAFT && ev.draft !== undefined && ev.draft.value.case !== undefined;
    return {
      draft: withDraft ? { answer: ev.draft!, prelabelEventId: eventId, model: ev.model } : undefined,
      audit: ev.route === PrelabelRoute.AUDIT,
      // prelabel's event is caused by the tasks.v1 event (the audit chain's task event id).
      taskEventId: ev.envelope?.causationId,
    };
  }

  private async enqueue(tx: EntityManager, task: Task, env: Envelope | undefined, eventId: string, extra: Extra = {}): Promise<EnqueueOutcome> {
    if (task.honeypot) {
      if (!task.expectedAnswer) throw new NonRetryableError(`honeypot task ${task.taskId} has no expected_answer`);
      await this.intake.addGoldFromTask(tx, task.projectId, task);
      return 'gold';
    }
    // Active learning / feedback about an item whose question is still being worked on: that task
    // jumps the queue instead of a duplicate being queued beside it (see docs/decisions.md).
    if (isReask(task)) {
      const incomplete = await this.queuePriority.raiseIncomplete(tx, task.projectId, task);
      if (incomplete && incomplete !== task.taskId) return 'reprioritised';
    }
    const projectAnswers = (await this.answersPerProject(tx, [task.projectId])).get(task.projectId);
    const isNew = await this.intake.enqueue(tx, task.projectId, task, this.entry(task, env, eventId, projectAnswers, extra));
    if (isNew) await this.applyImported(tx, [task]);
    return isNew ? 'queued' : 'duplicate';
  }

  /**
   * Before anything is written: the projects of tasks an imported answer could be waiting for,
   * share-locked against imports (which lock exclusively), so an import either sees the task
   * committed or has committed its answers before the task looks for them.
   */
  private async lockForImports(tx: EntityManager, tasks: readonly Task[]): Promise<void> {
    const projects = new Set(tasks.filter((t) => !t.honeypot && t.source && t.sourceId).map((t) => t.projectId));
    if (projects.size > 0) await this.imports.lockProjectsShared(tx, [...projects]);
  }

  /** New real tasks take the imported answers parked for them (published on annotations.v1 in this transaction). */
  private async applyImported(tx: EntityManager, tasks: readonly Task[]): Promise<void> {
    const byProject = new Map<string, string[]>();
    for (const t of tasks) if (t.source && t.sourceId) byProject.set(t.projectId, [...(byProject.get(t.projectId) ?? []), t.taskId]);
    for (const [projectId, taskIds] of byProject) await this.importedAnswers.applyToTasks(tx, projectId, taskIds);
  }

  /** N = the task's answers_required, else the project's answers_per_task, else the default. */
  private entry(task: Task, env: Envelope | undefined, eventId: string, projectAnswers: number | undefined, extra: Extra): QueueEntry {
    const answers = task.answersRequired || projectAnswers || this.config.ASSIGNMENT_DEFAULT_ANSWERS;
    // The span of the record that queued it (inside a batch: that record's own span).
    const traceparent = traceparentOf(traceOfCause(eventId));
    return { task, answers, eventId, correlationId: env?.correlationId || eventId, traceparent, ...extra };
  }

  private async answersPerProject(tx: EntityManager, projectIds: string[]): Promise<Map<string, number>> {
    const rows: { project_id: string; n: number }[] = await tx.query(
      `SELECT project_id, answers_per_task AS n FROM assignment.projects WHERE project_id = ANY($1::text[])`,
      [projectIds],
    );
    return new Map(rows.map((r) => [r.project_id, r.n]));
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
