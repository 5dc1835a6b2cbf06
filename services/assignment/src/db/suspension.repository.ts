import { Injectable } from '@nestjs/common';
import { type Queryable, row } from '@verity/persistence';

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

  /** The reason when the annotator is suspended in the project now; null otherwise. */
  async find(db: Queryable, projectId: string, annotatorId: string): Promise<{ reason: string } | null> {
    const found = await row<{ reason: string }>(
      db,
      `SELECT reason FROM assignment.suspensions WHERE project_id = $1 AND annotator_id = $2 AND suspended`,
      [projectId, annotatorId],
    );
    return found ?? null;
  }
}
