import { Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AnnotatorChange, type AnnotatorEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import type { Queryable } from '@verity/persistence';
import { SuspensionRepository } from '../db/suspension.repository';

/**
 * annotators.v1 → suspensions. SUSPENDED / REINSTATED set the state; RELIABILITY_UPDATED
 * carries the current `suspended` state and is applied too; every other change (e.g.
 * EXPERT_VERDICT, whose `suspended` field must be ignored, or values unknown to this build)
 * leaves it alone. The latest occurred_at wins. Quality scores and suspends per project, so the
 * state applies to the event's project (`envelope.project_id`) only; an event without one cannot
 * be placed and goes to the DLQ.
 * A suspended annotator gets no new tasks; leases already held may still be submitted.
 */
@Injectable()
export class ApplyAnnotatorEventUseCase {
  constructor(private readonly suspensions: SuspensionRepository) {}

  async execute(tx: Queryable, event: AnnotatorEvent, eventId: string): Promise<void> {
    if (!event.annotatorId) throw new NonRetryableError('AnnotatorEvent has no annotator_id');
    let suspended: boolean;
    if (event.change === AnnotatorChange.SUSPENDED) suspended = true;
    else if (event.change === AnnotatorChange.REINSTATED) suspended = false;
    else if (event.change === AnnotatorChange.RELIABILITY_UPDATED) suspended = event.suspended;
    else return;
    const projectId = event.envelope?.projectId;
    if (!projectId) throw new NonRetryableError('AnnotatorEvent has no envelope.project_id: a suspension is per project');
    const occurredAt = event.envelope?.occurredAt ? timestampDate(event.envelope.occurredAt) : new Date();
    await this.suspensions.apply(tx, projectId, { annotatorId: event.annotatorId, suspended, reason: event.reason, eventId, occurredAt });
  }
}
