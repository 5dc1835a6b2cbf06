import { Injectable } from '@nestjs/common';
import { Db, row, rows } from '@verity/persistence';
import type { CurrentVersion } from '../domain/label-version.rule';

export interface NewLabelVersion {
  itemId: string;
  questionId: string;
  labelVersion: number;
  status: number;
  label: string;
  softLabel: Record<string, number>;
  confidence: number;
  ontologyVersion: number;
  adjudicated: boolean;
  gold: boolean;
  contentDigest: string;
  provenance: unknown;
  labelEventId: string;
  labelEvent: Uint8Array;
  releaseRow: string;
  decisionEventId: string;
  decisionId: string;
  contentEventId: string;
  correlationId: string;
  decidedAt: Date;
}

export interface DecisionRecord {
  decisionEventId: string;
  decisionId: string;
  itemId: string;
  questionId: string;
  producer: string;
  outcome: 'new_version' | 'unchanged' | 'stale';
  labelVersion: number;
  decidedAt: Date;
  correlationId: string;
}

/**
 * export.label_versions and export.decisions: append-only. A label is keyed by (item, question)
 * with no project in the primary key, so its version sequence and its lock span every project
 * that labels that key; reads for a project filter on project_id.
 */
@Injectable()
export class LabelVersionsRepository {
  /**
   * Serializes decisions of one (item, question) until the transaction ends.
   * @crossProject an advisory lock on the label key, which the primary key shares across projects; it reads no rows
   */
  async lock(db: Db, itemId: string, questionId: string): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`export.label:${JSON.stringify([itemId, questionId])}`]);
  }

  /**
   * The latest version of the label, from which the next version number follows.
   * @crossProject the version sequence of (item, question) is one across projects (primary key without project): the next number must follow the latest in any project
   */
  async current(db: Db, itemId: string, questionId: string): Promise<CurrentVersion | null> {
    const r = await row<{
      label_version: number;
      content_digest: string;
      decided_at: Date;
      adjudicated: boolean;
      gold: boolean;
      ontology_version: number;
      verdict_request_id: string | null;
    }>(
      db,
      `SELECT label_version, content_digest, decided_at, adjudicated, gold, ontology_version,
              provenance -> 'verdict' ->> 'requestId' AS verdict_request_id
       FROM export.label_versions
       WHERE item_id = $1 AND question_id = $2 ORDER BY label_version DESC LIMIT 1`,
      [itemId, questionId],
    );
    return r
      ? {
          labelVersion: r.label_version,
          contentDigest: r.content_digest,
          decidedAt: r.decided_at,
          adjudicated: r.adjudicated,
          gold: r.gold,
          ontologyVersion: r.ontology_version,
          verdictRequestId: r.verdict_request_id || null,
        }
      : null;
  }

  async insertVersion(db: Db, projectId: string, v: NewLabelVersion): Promise<void> {
    await db.query(
      `INSERT INTO export.label_versions (item_id, question_id, label_version, project_id, status, label, soft_label,
         confidence, ontology_version, adjudicated, gold, content_digest, provenance, label_event_id, label_event,
         release_row, decision_event_id, decision_id, content_event_id, correlation_id, decided_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
      [
        v.itemId,
        v.questionId,
        v.labelVersion,
        projectId,
        v.status,
        v.label,
        JSON.stringify(v.softLabel),
        v.confidence,
        v.ontologyVersion,
        v.adjudicated,
        v.gold,
        v.contentDigest,
        JSON.stringify(v.provenance),
        v.labelEventId,
        Buffer.from(v.labelEvent),
        v.releaseRow,
        v.decisionEventId,
        v.decisionId,
        v.contentEventId,
        v.correlationId,
        v.decidedAt,
      ],
    );
  }

  async insertDecision(db: Db, projectId: string, d: DecisionRecord): Promise<void> {
    await db.query(
      `INSERT INTO export.decisions (decision_event_id, decision_id, project_id, item_id, question_id, producer, outcome,
         label_version, decided_at, correlation_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (decision_event_id) DO NOTHING`,
      [d.decisionEventId, d.decisionId, projectId, d.itemId, d.questionId, d.producer, d.outcome, d.labelVersion, d.decidedAt, d.correlationId],
    );
  }

  /** Every version of one label in the project, oldest first (audit). */
  versions(db: Db, projectId: string, itemId: string, questionId: string) {
    return rows<{
      label_version: number;
      project_id: string;
      label_event: Buffer;
      content_digest: string;
      created_at: Date;
    }>(
      db,
      `SELECT label_version, project_id, label_event, content_digest, created_at FROM export.label_versions
       WHERE item_id = $1 AND question_id = $2 AND project_id = $3 ORDER BY label_version`,
      [itemId, questionId, projectId],
    );
  }

  /** Every decision received for one label in the project (audit). */
  decisions(db: Db, projectId: string, itemId: string, questionId: string) {
    return rows<{
      decision_event_id: string;
      decision_id: string;
      producer: string;
      outcome: string;
      label_version: number;
      decided_at: Date;
      correlation_id: string;
      received_at: Date;
    }>(
      db,
      `SELECT decision_event_id, decision_id, producer, outcome, label_version, decided_at, correlation_id, received_at
       FROM export.decisions WHERE item_id = $1 AND question_id = $2 AND project_id = $3 ORDER BY received_at, decision_event_id`,
      [itemId, questionId, projectId],
    );
  }
}
