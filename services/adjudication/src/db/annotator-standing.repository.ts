import { Injectable } from '@nestjs/common';
import { type Queryable, row, rows } from '@verity/persistence';

/** What adjudication knows of an annotator in a project (see the migration). */
export interface Standing {
  annotatorId: string;
  reliability: number | null;
  suspended: boolean;
  expertScored: number;
  expertAgreed: number;
}

@Injectable()
export class AnnotatorStandingRepository {
  /** quality's latest reliability and suspension (annotators.v1), unless a later one is already in. */
  async applyQuality(
    db: Queryable,
    projectId: string,
    s: { annotatorId: string; reliability: number; suspended: boolean; occurredAt: Date },
  ): Promise<void> {
    await db.query(
      `INSERT INTO adjudication.annotator_standing AS cur (project_id, annotator_id, reliability, suspended, quality_occurred_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (project_id, annotator_id) DO UPDATE SET reliability = EXCLUDED.reliability, suspended = EXCLUDED.suspended,
         quality_occurred_at = EXCLUDED.quality_occurred_at, updated_at = now()
       WHERE cur.quality_occurred_at IS NULL OR cur.quality_occurred_at <= EXCLUDED.quality_occurred_at`,
      [projectId, s.annotatorId, s.reliability, s.suspended, s.occurredAt],
    );
  }

  /** The standing rows of these annotators, locked for the verdict's update. */
  async getForUpdate(db: Queryable, projectId: string, annotatorIds: string[]): Promise<Map<string, Standing>> {
    const found = await rows<Standing>(
      db,
      `SELECT annotator_id AS "annotatorId", reliability, suspended, expert_scored AS "expertScored", expert_agreed AS "expertAgreed"
       FROM adjudication.annotator_standing WHERE project_id = $1 AND annotator_id = ANY ($2::text[])
       ORDER BY annotator_id FOR UPDATE`,
      [projectId, annotatorIds],
    );
    return new Map(found.map((r) => [r.annotatorId, r]));
  }

  /** Records one expert observation: the running estimate and the agreement counts. */
  async recordObservation(
    db: Queryable,
    projectId: string,
    o: {
      requestId: string;
      annotationId: string;
      annotatorId: string;
      agreed: boolean;
      previousReliability: number;
      reliability: number;
      eventId: string;
    },
  ): Promise<{ expertScored: number; expertAgreed: number }> {
    await db.query(
      `INSERT INTO adjudication.expert_observations (request_id, annotation_id, project_id, annotator_id, agreed, previous_reliability, reliability, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [o.requestId, o.annotationId, projectId, o.annotatorId, o.agreed, o.previousReliability, o.reliability, o.eventId],
    );
    const counts = await row<{ expertScored: number; expertAgreed: number }>(
      db,
      `INSERT INTO adjudication.annotator_standing AS cur (project_id, annotator_id, reliability, expert_scored, expert_agreed, updated_at)
       VALUES ($1, $2, $3, 1, $4, now())
       ON CONFLICT (project_id, annotator_id) DO UPDATE SET reliability = EXCLUDED.reliability,
         expert_scored = cur.expert_scored + 1, expert_agreed = cur.expert_agreed + EXCLUDED.expert_agreed, updated_at = now()
       RETURNING expert_scored AS "expertScored", expert_agreed AS "expertAgreed"`,
      [projectId, o.annotatorId, o.reliability, o.agreed ? 1 : 0],
    );
    return counts!;
  }
}
