import { Injectable } from '@nestjs/common';
import { rows, type Queryable } from '@verity/persistence';

/** A label sent to the expert because the local model disagreed with it (see domain/label-check.policy). */
export interface LabelCheckRow {
  projectId: string;
  itemId: string;
  questionId: string;
  /** The decided task the machine answer names. */
  taskId: string;
  /** The label checked: its version, option and confidence. */
  labelVersion: number;
  optionId: string;
  confidence: number | null;
  /** The model version that disagreed, and its answer. */
  modelVersion: number;
  modelOptionId: string;
}

/**
 * A check as the next training sees it: answered by a verdict given after the request (recorded
 * from decisions.v1), or by a newer label version than the one checked.
 */
export interface HeldCheck {
  answered: boolean;
  /** The checked label's option and confidence (null: unknown). */
  originalOptionId: string;
  originalConfidence: number | null;
  /**
   * The verdict's option while the label held is still the version checked (a confirming verdict,
   * or a changed one whose new version has not arrived yet); null otherwise: the label held is it.
   */
  verdictOptionId: string | null;
  /** The verdict's confidence (a newer label version's when no verdict was recorded). */
  verdictConfidence: number | null;
}

/** An expert verdict on decisions.v1. */
export interface VerdictSeen {
  projectId: string;
  itemId: string;
  questionId: string;
  optionId: string;
  confidence: number;
  decidedAt: Date;
}

/** prelabel.label_checks: one check per (item, question), ever. */
@Injectable()
export class LabelCheckRepository {
  /** Records checks; an item already checked is left as it is. Returns the items recorded now. */
  async insertMany(db: Queryable, checks: readonly LabelCheckRow[]): Promise<Set<string>> {
    if (checks.length === 0) return new Set();
    const inserted = await rows<{ item_id: string }>(
      db,
      `INSERT INTO prelabel.label_checks (project_id, item_id, question_id, task_id, label_version, option_id, confidence, model_version, model_option_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::float8[], $8::int[], $9::text[])
       ON CONFLICT (project_id, item_id, question_id) DO NOTHING
       RETURNING item_id`,
      [
        checks.map((c) => c.projectId),
        checks.map((c) => c.itemId),
        checks.map((c) => c.questionId),
        checks.map((c) => c.taskId),
        checks.map((c) => c.labelVersion),
        checks.map((c) => c.optionId),
        checks.map((c) => c.confidence),
        checks.map((c) => c.modelVersion),
        checks.map((c) => c.modelOptionId),
      ],
    );
    return new Set(inserted.map((r) => r.item_id));
  }

  /**
   * Answers pending checks with verdicts given after their request (the first one wins). Returns
   * the (project, question) pairs that had a check answered.
   */
  async recordVerdicts(db: Queryable, verdicts: readonly VerdictSeen[]): Promise<{ projectId: string; questionId: string }[]> {
    if (verdicts.length === 0) return [];
    const answered = await rows<{ project_id: string; question_id: string }>(
      db,
      `UPDATE prelabel.label_checks c SET answered_at = now(), verdict_option_id = v.option_id, verdict_confidence = v.confidence
       FROM (SELECT DISTINCT ON (project_id, item_id, question_id) *
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[])
               AS v(project_id, item_id, question_id, option_id, confidence, decided_at)
             ORDER BY project_id, item_id, question_id, decided_at) v
       WHERE c.project_id = v.project_id AND c.item_id = v.item_id AND c.question_id = v.question_id
         AND c.answered_at IS NULL AND v.decided_at > c.requested_at
       RETURNING c.project_id, c.question_id`,
      [
        verdicts.map((v) => v.projectId),
        verdicts.map((v) => v.itemId),
        verdicts.map((v) => v.questionId),
        verdicts.map((v) => v.optionId),
        verdicts.map((v) => v.confidence),
        verdicts.map((v) => v.decidedAt),
      ],
    );
    const seen = new Map(answered.map((r) => [JSON.stringify([r.project_id, r.question_id]), { projectId: r.project_id, questionId: r.question_id }]));
    return [...seen.values()];
  }

  /** Every check of a (project, question), by item. */
  async held(db: Queryable, projectId: string, questionId: string): Promise<Map<string, HeldCheck>> {
    const found = await rows<{
      item_id: string; answered: boolean; option_id: string; confidence: number | null; verdict_option_id: string | null; verdict_confidence: number | null;
    }>(
      db,
      `SELECT c.item_id, (${ANSWERED}) AS answered, c.option_id, c.confidence,
              CASE WHEN c.answered_at IS NOT NULL AND COALESCE(l.label_version, 0) <= c.label_version THEN c.verdict_option_id END AS verdict_option_id,
              COALESCE(c.verdict_confidence, CASE WHEN l.label_version > c.label_version THEN l.confidence END) AS verdict_confidence
       FROM prelabel.label_checks c
       LEFT JOIN prelabel.labels l ON l.project_id = c.project_id AND l.item_id = c.item_id AND l.question_id = c.question_id
       WHERE c.project_id = $1 AND c.question_id = $2`,
      [projectId, questionId],
    );
    return new Map(
      found.map((r) => [
        r.item_id,
        { answered: r.answered, originalOptionId: r.option_id, originalConfidence: r.confidence, verdictOptionId: r.verdict_option_id, verdictConfidence: r.verdict_confidence },
      ]),
    );
  }

  /**
   * Checks still waiting for their answer, and checks answered after `since` (by a verdict
   * recorded or a label received then): what decides an early retrain.
   */
  async progress(db: Queryable, projectId: string, questionId: string, since: Date): Promise<{ pending: number; answeredSince: number }> {
    const [r] = await rows<{ pending: number; answered_since: number }>(
      db,
      `SELECT count(*) FILTER (WHERE NOT (${ANSWERED}))::int AS pending,
              count(*) FILTER (WHERE c.answered_at > $3 OR (l.label_version > c.label_version AND l.received_at > $3))::int AS answered_since
       FROM prelabel.label_checks c
       LEFT JOIN prelabel.labels l ON l.project_id = c.project_id AND l.item_id = c.item_id AND l.question_id = c.question_id
       WHERE c.project_id = $1 AND c.question_id = $2`,
      [projectId, questionId, since],
    );
    return { pending: r.pending, answeredSince: r.answered_since };
  }
}

/** A check is answered by a verdict recorded, or by a label version newer than the one checked (c: the check, l: the label held). */
const ANSWERED = `c.answered_at IS NOT NULL OR COALESCE(l.label_version > c.label_version, false)`;
