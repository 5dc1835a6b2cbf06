import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AnnotationEvent, AnswerSource } from '@verity/contracts';
import { EventRuntime, WeakLabelsRepository } from '@verity/service-runtime';
import { type Context, context } from '@verity/telemetry';
import { RefitModelUseCase } from './refit-model.use-case';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { lockProjects } from '../db/project.lock';
import { AnswersRepository } from '../db/answers.repository';
import { MachineAuditsRepository } from '../db/machine-audits.repository';
import { RecordAnnotationUseCase, type RecordResult } from './record-annotation.use-case';
import { TasksRepository } from '../db/tasks.repository';

export interface BatchAnswer {
  event: AnnotationEvent;
  /** The record's trace: what each answer announces continues its own item's trace. */
  trace: Context;
}

/**
 * A batch of annotations.v1 records in the caller's (inbox) transaction, with the effects each
 * would have alone, in offset order (RecordAnnotationUseCase per answer), for far fewer round trips:
 * - every project of the batch is locked once, in sorted order (two batches cannot deadlock);
 * - the batch's tasks are created and locked in one statement, and their answers, open machine
 *   audits and weak labels read in one each; new answers, task counts and closings and annotator
 *   counts are written once at the end;
 * - Dawid-Skene answer counts and interval refits are settled once at the end
 *   (RefitModelUseCase.beginBatch);
 * - the events it announces are written to the outbox in one statement at the end, in order.
 */
@Injectable()
export class RecordAnnotationBatchUseCase {
  constructor(
    private readonly record: RecordAnnotationUseCase,
    private readonly model: RefitModelUseCase,
    private readonly tasks: TasksRepository,
    private readonly answers: AnswersRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly audits: MachineAuditsRepository,
    private readonly weakLabels: WeakLabelsRepository,
    private readonly runtime: EventRuntime,
  ) {}

  async execute(tx: EntityManager, batch: readonly BatchAnswer[]): Promise<RecordResult[]> {
    const valid = batch.map((a) => a.event).filter(isComplete);
    await lockProjects(tx, valid.map((e) => e.envelope!.projectId));
    // The tasks RecordAnnotationUseCase would create or lock: every answer's but honeypots'.
    // Label checks create no task and store no answer (MachineAnswerUseCase.labelCheck).
    const touching = valid.filter((e) => !(e.source === AnswerSource.HUMAN && e.honeypot) && !isLabelCheck(e));
    await this.tasks.prepare(
      tx,
      touching.map((e) => ({
        taskId: e.taskId,
        projectId: e.envelope!.projectId,
        itemId: e.itemId,
        questionId: e.questionId,
        ontologyVersion: e.ontologyVersion,
        answersRequired: e.source === AnswerSource.HUMAN ? (e.answersRequired ?? null) : null,
      })),
    );
    await this.answers.prepare(tx, valid.filter((e) => !isLabelCheck(e)).map((e) => ({ annotationId: e.annotationId, projectId: e.envelope!.projectId, taskId: e.taskId })));
    // What deciding these tasks reads besides their answers: open machine audits, production feedback.
    await this.audits.beginBatch(tx, touching.map((e) => ({ projectId: e.envelope!.projectId, taskId: e.taskId })));
    await this.weakLabels.prefetch(tx, touching.map((e) => ({ projectId: e.envelope!.projectId, itemId: e.itemId, questionId: e.questionId })));
    this.stats.beginBatch(tx);
    this.model.beginBatch(tx);
    this.runtime.outbox.defer(tx);
    try {
      const results: RecordResult[] = [];
      for (const a of batch) results.push(await context.with(a.trace, () => this.record.execute(tx, a.event)));

      await this.model.endBatch(tx);
      await this.stats.flush(tx);
      await this.tasks.flush(tx);
      await this.answers.flush(tx);
      await this.runtime.outbox.flush(tx);
      return results;
    } finally {
      this.audits.endBatch(tx);
      this.weakLabels.endPrefetch(tx);
    }
  }
}

const isLabelCheck = (e: AnnotationEvent): boolean => e.source === AnswerSource.MACHINE && e.labelCheck;

/** The fields RecordAnnotationUseCase requires (it rejects the others itself). */
const isComplete = (e: AnnotationEvent): boolean =>
  Boolean(e.envelope?.projectId && e.annotationId && e.taskId && e.itemId && e.questionId && e.annotatorId);
