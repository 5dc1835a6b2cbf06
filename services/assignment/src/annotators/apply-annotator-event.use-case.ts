import { Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AnnotatorChange, type AnnotatorEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import type { Queryable } from '../shared/db';
import { SuspensionRepository } from './suspension.repository';

/**
 * annotators.v1 → suspensions. Every AnnotatorEvent carries the current `suspended` state, so
 * each one (reliability updates included) is applied, the latest occurred_at winning.
 * A suspended annotator gets no new tasks; leases already held may still be submitted.
 */
@Injectable()
export class ApplyAnnotatorEventUseCase {
  constructor(private readonly suspensions: SuspensionRepository) {}

  async execute(tx: Queryable, event: AnnotatorEvent, eventId: string): Promise<void> {
    if (!event.annotatorId) throw new NonRetryableError('AnnotatorEvent has no annotator_id');
    const suspended =
      event.change === AnnotatorChange.SUSPENDED ? true : event.change === AnnotatorChange.REINSTATED ? false : event.suspended;
    const occurredAt = event.envelope?.occurredAt ? timestampDate(event.envelope.occurredAt) : new Date();
    await this.suspensions.apply(tx, { annotatorId: event.annotatorId, suspended, reason: event.reason, eventId, occurredAt });
  }
}
