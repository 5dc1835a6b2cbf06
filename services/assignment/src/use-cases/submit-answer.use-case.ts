import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, uuidv7 } from '@verity/contracts';
import { z } from '@verity/config';
import { badRequest, DATA_SOURCE, EventRuntime, type Principal, validate } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { answerJson, toAnswer } from '../domain/answer-input.parser';
import { validateAnswer } from '../domain/answer.validator';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { answerToJson, questionFromJson } from '../domain/proto-json.mapper';
import { annotationEnvelope, humanAnnotationEvent } from '../events/annotation-event.factory';
import { LeaseRepository } from '../db/lease.repository';
import { OwnLeaseService } from './own-lease.service';
import { continueStoredTrace } from '@verity/telemetry';

export const submitBody = z
  .object({
    leaseId: z.string().min(1, 'is required'),
    answer: answerJson.nullable().optional(),
    timeSpentMs: z.number().int().nonnegative().max(7 * 24 * 3600 * 1000),
  })
  .strict();

export interface SubmitResult {
  annotationId: string;
  taskId: string;
  submittedAt: string;
}

/**
 * POST /v1/tasks/:taskId/submit: validates the body (400), the caller's live lease (404/409),
 * then the answer against the task's own ontology-version question (400, naming the field).
 * The answer row and the annotations.v1 event (full provenance, honeypot flag and expected
 * answer for quality) commit in one transaction.
 */
@Injectable()
export class SubmitAnswerUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
    private readonly runtime: EventRuntime,
    private readonly ownLease: OwnLeaseService,
    private readonly leases: LeaseRepository,
  ) {}

  async execute(principal: Principal, taskId: string, body: unknown): Promise<SubmitResult> {
    const input = validate(submitBody, body);
    const answer = toAnswer(input.answer);
    const result = await this.ds.transaction(async (tx) => {
      const lease = await this.ownLease.lockLive(tx, principal, taskId, input.leaseId);
      const errors = validateAnswer(questionFromJson(lease.question), answer, {
        text: lease.maskedText,
        maxFreeTextChars: this.config.ASSIGNMENT_MAX_FREE_TEXT_CHARS,
      });
      if (errors.length > 0) {
        throw badRequest(errors, 'answer');
      }
      const annotationId = uuidv7();
      const honeypot = lease.kind === 'honeypot';
      const envelope = annotationEnvelope(lease);
      const submittedAt = await this.leases.recordAnswer(tx, lease.projectId, lease, {
        annotationId,
        answer: answerToJson(answer),
        timeSpentMs: input.timeSpentMs,
        eventId: envelope.eventId,
        honeypot,
      });
      const event = humanAnnotationEvent({ envelope, lease, annotationId, answer, timeSpentMs: input.timeSpentMs, submittedAt });
      // The answer continues the task's trace (so one item is one trace), linked to the request's.
      await continueStoredTrace('submit answer', lease.traceparent, { 'verity.task_id': lease.taskId, 'verity.annotation_id': annotationId }, () =>
        this.runtime.outbox.enqueue(tx, TOPICS.annotations, event),
      );
      return { annotationId, taskId: lease.taskId, submittedAt: new Date(submittedAt).toISOString() };
    });
    this.runtime.relay.kick();
    return result;
  }
}
