import { Inject, Injectable } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { AnswerSchema, TOPICS, type Answer } from '@verity/contracts';
import type { EntityManager } from 'typeorm';
import { EventRuntime } from '@verity/service-runtime';
import { continueStoredTrace } from '@verity/telemetry';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { type ApplicableAnswer, ImportedAnswersRepository } from '../db/imported-answers.repository';
import { LeaseRepository } from '../db/lease.repository';
import { validateAnswer } from '../domain/answer.validator';
import { slotsForImports } from '../domain/imported-answer.rule';
import { answerToJson, questionFromJson } from '../domain/proto-json.mapper';
import { annotationEnvelope, humanAnnotationEvent } from '../events/annotation-event.factory';

/** What applying parked answers did: the annotation ids recorded, and those that did not fit their task. */
export interface ApplyOutcome {
  applied: string[];
  notApplicable: { annotationId: string; reason: string }[];
}

/**
 * Applies parked imported answers to their real tasks, in the caller's transaction: each takes
 * the task's lowest open slot, or a slot added when none is open (no imported answer is dropped;
 * a second answer of one annotator always gets a slot of its own, see slotsForImports),
 * is recorded exactly as a submitted answer is (LeaseRepository.recordAnswer: answer row, lease
 * submitted, slot done, task complete when every slot is) and announced on annotations.v1 through
 * the outbox, as a human answer with no lease. The callers hold the project's import lock and
 * the answers' rows are locked, so each answer is applied once.
 */
@Injectable()
export class ApplyImportedAnswersService {
  constructor(
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
    private readonly runtime: EventRuntime,
    private readonly imports: ImportedAnswersRepository,
    private readonly leases: LeaseRepository,
  ) {}

  /** The given answers (just recorded by an import), on whichever of them find their task. */
  async applyAnswers(tx: EntityManager, projectId: string, annotationIds: readonly string[]): Promise<ApplyOutcome> {
    return this.apply(tx, projectId, await this.imports.lockApplicableByAnswer(tx, projectId, annotationIds));
  }

  /** The parked answers of real tasks just queued. */
  async applyToTasks(tx: EntityManager, projectId: string, taskIds: readonly string[]): Promise<ApplyOutcome> {
    return this.apply(tx, projectId, await this.imports.lockApplicableByTask(tx, projectId, taskIds));
  }

  private async apply(tx: EntityManager, projectId: string, found: ApplicableAnswer[]): Promise<ApplyOutcome> {
    const outcome: ApplyOutcome = { applied: [], notApplicable: [] };
    if (found.length === 0) return outcome;
    const byTask = new Map<string, ApplicableAnswer[]>();
    for (const a of found) byTask.set(a.taskId, [...(byTask.get(a.taskId) ?? []), a]);
    const questions = new Map((await this.imports.taskQuestions(tx, projectId, [...byTask.keys()])).map((q) => [q.taskId, q]));
    // Task by task (ids sorted, so two appliers lock slots in one order); answers in the order they were given.
    for (const taskId of [...byTask.keys()].sort()) {
      const task = questions.get(taskId)!;
      const question = questionFromJson(task.question);
      const fitting: { a: ApplicableAnswer; answer: Answer }[] = [];
      const answers = byTask.get(taskId)!.sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime() || x.externalId.localeCompare(y.externalId));
      for (const a of answers) {
        const answer = create(AnswerSchema, { value: { case: 'choice', value: { optionIds: a.optionIds } } });
        const errors = validateAnswer(question, answer, { text: task.maskedText, maxFreeTextChars: this.config.ASSIGNMENT_MAX_FREE_TEXT_CHARS });
        if (errors.length > 0) {
          const reason = `task ${taskId}: ${errors.map((e) => `${e.field.replace(/^answer\.choice\./, '')}: ${e.reason}`).join('; ')}`;
          await this.imports.markNotApplicable(tx, projectId, a.annotationId, reason);
          outcome.notApplicable.push({ annotationId: a.annotationId, reason });
        } else {
          fitting.push({ a, answer });
        }
      }
      if (fitting.length === 0) continue;
      const slots = slotsForImports(
        await this.imports.lockSlots(tx, projectId, taskId),
        fitting.map(({ a }) => a.annotatorId),
        new Set(await this.imports.answeredBy(tx, projectId, taskId)),
      );
      for (const [i, { a }] of fitting.entries()) {
        await this.imports.leaseForImport(tx, projectId, {
          taskId,
          slotNo: slots[i]!.slotNo,
          added: slots[i]!.added,
          leaseId: a.annotationId,
          annotatorId: a.annotatorId,
          itemId: a.itemId,
          questionId: a.questionId,
          at: a.submittedAt,
        });
      }
      const more = slots.filter((s) => s.added && s.counts).length;
      if (more > 0) await this.imports.widen(tx, projectId, taskId, more);
      for (const { a, answer } of fitting) {
        await this.record(tx, projectId, a, answer);
        outcome.applied.push(a.annotationId);
      }
    }
    return outcome;
  }

  private async record(tx: EntityManager, projectId: string, a: ApplicableAnswer, answer: Answer): Promise<void> {
    const lease = (await this.leases.lockLease(tx, projectId, a.taskId, a.annotationId))!;
    const envelope = annotationEnvelope(lease);
    const timeSpentMs = a.timeSpentMs ?? 0;
    const submittedAt = await this.leases.recordAnswer(tx, projectId, lease, {
      annotationId: a.annotationId,
      answer: answerToJson(answer),
      timeSpentMs,
      eventId: envelope.eventId,
      honeypot: false,
      submittedAt: a.submittedAt,
    });
    const event = humanAnnotationEvent({ envelope, lease, annotationId: a.annotationId, answer, timeSpentMs, submittedAt, imported: true });
    await continueStoredTrace('imported answer', lease.traceparent, { 'verity.task_id': a.taskId, 'verity.annotation_id': a.annotationId }, () =>
      this.runtime.outbox.enqueue(tx, TOPICS.annotations, event),
    );
    await this.imports.markApplied(tx, projectId, a.annotationId, a.taskId);
  }
}
