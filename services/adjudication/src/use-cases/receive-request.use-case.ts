import { Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AnswerSource, type AdjudicationEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { priorityOf, reasonNames } from '../domain/queue.policy';
import type { Queryable } from '@verity/persistence';
import { requestToJson } from '../domain/proto-json.mapper';
import { RequestRepository } from '../db/request.repository';

/**
 * adjudications.v1 → the expert queue of the request's project. Idempotent twice over: the
 * inbox skips a redelivered event, and the request id is the queue's key, so a request
 * re-published under a new event id is still queued once.
 */
@Injectable()
export class ReceiveRequestUseCase {
  constructor(private readonly requests: RequestRepository) {}

  async execute(tx: Queryable, ev: AdjudicationEvent): Promise<boolean> {
    const projectId = ev.envelope?.projectId;
    const missing = [
      !projectId && 'envelope.project_id',
      !ev.requestId && 'request_id',
      !ev.itemId && 'item_id',
      !ev.questionId && 'question_id',
      ev.reasons.length === 0 && 'reasons',
    ].filter(Boolean);
    if (missing.length > 0) throw new NonRetryableError(`AdjudicationEvent lacks ${missing.join(', ')}`);
    const humans = ev.answers.filter((a) => a.source !== AnswerSource.MACHINE && a.annotatorId);
    return this.requests.insert(tx, projectId!, {
      requestId: ev.requestId,
      itemId: ev.itemId,
      taskId: ev.taskId,
      questionId: ev.questionId,
      ontologyVersion: ev.ontologyVersion,
      reasons: reasonNames(ev.reasons),
      priority: priorityOf(ev.reasons),
      detail: ev.detail,
      answererIds: [...new Set(humans.map((a) => a.annotatorId))],
      event: requestToJson(ev),
      eventId: ev.envelope!.eventId,
      requestedAt: ev.envelope?.occurredAt ? timestampDate(ev.envelope.occurredAt) : new Date(),
    });
  }
}
