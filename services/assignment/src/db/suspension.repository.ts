import { Injectable } from '@nestjs/common';
import type { Queryable } from '@verity/persistence';

/** Suspension state per (project, annotator), from annotators.v1 (quality suspends per project). */
@Injectable()
export class SuspensionRepository {
  /** Records the annotator's suspension state in the project unless a later event already did. */
  async apply(
    db: Queryable,
    projectId: string,
    s: { annotatorId: string; suspended: boolean; reason: string; eventId: string; occurredAt: Date },
  ): Promise<void> {
    await db.query(
      `INSERT INTO assignment.suspensions AS cur (project_id, annotator_id, suspended, reason, event_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (project_id, annotator_id) DO UPDATE SET suspended = EXCLUDED.suspended, reason = EXCLUDED.reason,
         event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at
       WHERE cur.occurred_at <= EXCLUDED.occurred_at`,
      [projectId, s.annotatorId, s.suspended, s.reason, s.eventId, s.occurredAt],
    );
  }
}
