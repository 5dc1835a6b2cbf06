import { Injectable } from '@nestjs/common';
import type { Queryable } from '../shared/db';

@Injectable()
export class SuspensionRepository {
  /** Records the annotator's suspension state unless a later event already did. */
  async apply(db: Queryable, s: { annotatorId: string; suspended: boolean; reason: string; eventId: string; occurredAt: Date }) {
    await db.query(
      `INSERT INTO assignment.suspensions AS cur (annotator_id, suspended, reason, event_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (annotator_id) DO UPDATE SET suspended = EXCLUDED.suspended, reason = EXCLUDED.reason,
         event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at
       WHERE cur.occurred_at <= EXCLUDED.occurred_at`,
      [s.annotatorId, s.suspended, s.reason, s.eventId, s.occurredAt],
    );
  }

  /** The reason when the annotator is suspended now; null otherwise. */
  async find(db: Queryable, annotatorId: string): Promise<{ reason: string } | null> {
    const rows: { reason: string }[] = await db.query(
      `SELECT reason FROM assignment.suspensions WHERE annotator_id = $1 AND suspended`,
      [annotatorId],
    );
    return rows[0] ?? null;
  }
}
