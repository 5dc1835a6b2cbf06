import { Injectable } from '@nestjs/common';
import type { Queryable } from '../shared/db';

export interface AnnotatorStats {
  projectId: string;
  annotatorId: string;
  honeypotsAnswered: number;
  honeypotsCorrect: number;
  goldAnswered: number;
  goldCorrect: number;
  answersCounted: number;
  agreementPairs: number;
  agreeingPairs: number;
  reliability: number | null;
  publishedReliability: number | null;
  suspended: boolean;
  /** Answer-weighted DS reliability over the annotator's fitted questions; null before any fit. */
  dsReliability: number | null;
  dsAnswers: number;
}

const SELECT = `SELECT s.project_id AS "projectId", s.annotator_id AS "annotatorId",
  s.honeypots_answered AS "honeypotsAnswered", s.honeypots_correct AS "honeypotsCorrect",
  s.gold_answered AS "goldAnswered", s.gold_correct AS "goldCorrect", s.answers_counted AS "answersCounted",
  s.agreement_pairs AS "agreementPairs", s.agreeing_pairs AS "agreeingPairs", s.reliability,
  s.published_reliability AS "publishedReliability", s.suspended,
  d.ds_reliability AS "dsReliability", COALESCE(d.ds_answers, 0)::int AS "dsAnswers"
FROM quality.annotator_stats s
LEFT JOIN LATERAL (
  SELECT sum(reliability * answers) / NULLIF(sum(answers), 0) AS ds_reliability, sum(answers) AS ds_answers
  FROM quality.ds_worker_reliability w WHERE w.project_id = s.project_id AND w.annotator_id = s.annotator_id
) d ON true`;

/** quality.annotator_stats (per project and annotator), quality.ds_worker_reliability, quality.reliability_history. */
@Injectable()
export class AnnotatorStatsRepository {
  /** Creates missing rows, in a fixed order (no lock-order deadlocks between transactions). */
  async ensure(tx: Queryable, projectId: string, annotatorIds: readonly string[]): Promise<void> {
    const ids = [...new Set(annotatorIds)].sort();
    if (ids.length === 0) return;
    await tx.query(
      `INSERT INTO quality.annotator_stats (project_id, annotator_id)
       SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [projectId, ids],
    );
  }

  async get(db: Queryable, projectId: string, annotatorIds: readonly string[]): Promise<Map<string, AnnotatorStats>> {
    const rows: AnnotatorStats[] = await db.query(`${SELECT} WHERE s.project_id = $1 AND s.annotator_id = ANY($2) ORDER BY s.annotator_id`, [
      projectId,
      [...annotatorIds],
    ]);
    return new Map(rows.map((r) => [r.annotatorId, r]));
  }

  async list(db: Queryable, projectId: string): Promise<AnnotatorStats[]> {
    return db.query(`${SELECT} WHERE s.project_id = $1 ORDER BY s.annotator_id`, [projectId]);
  }

  async addHoneypot(tx: Queryable, projectId: string, annotatorId: string, correct: boolean): Promise<void> {
    await tx.query(
      `UPDATE quality.annotator_stats SET honeypots_answered = honeypots_answered + 1,
         honeypots_correct = honeypots_correct + $3::int, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2`,
      [projectId, annotatorId, correct ? 1 : 0],
    );
  }

  /** Expert feedback (verdicts, confirmed gold): deltas from the known-truth ledger. */
  async addGold(tx: Queryable, projectId: string, annotatorId: string, answered: number, correct: number): Promise<void> {
    await tx.query(
      `UPDATE quality.annotator_stats SET gold_answered = gold_answered + $3, gold_correct = gold_correct + $4, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2`,
      [projectId, annotatorId, answered, correct],
    );
  }

  async addTaskAnswer(tx: Queryable, projectId: string, annotatorId: string, pairs: number, agreeing: number): Promise<void> {
    await tx.query(
      `UPDATE quality.annotator_stats SET answers_counted = answers_counted + 1, agreement_pairs = agreement_pairs + $3,
         agreeing_pairs = agreeing_pairs + $4, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2`,
      [projectId, annotatorId, pairs, agreeing],
    );
  }

  async saveReliability(
    tx: Queryable,
    projectId: string,
    annotatorId: string,
    s: { reliability: number; published: boolean; suspended: boolean },
  ): Promise<void> {
    await tx.query(
      `UPDATE quality.annotator_stats SET reliability = $3,
         published_reliability = CASE WHEN $4 THEN $3 ELSE published_reliability END,
         suspended_at = CASE WHEN $5 AND NOT suspended THEN now() WHEN NOT $5 THEN NULL ELSE suspended_at END,
         suspended = $5, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2`,
      [projectId, annotatorId, s.reliability, s.published, s.suspended],
    );
  }

  async saveDsReliability(
    tx: Queryable,
    key: { projectId: string; questionId: string; ontologyVersion: number },
    workers: readonly { annotatorId: string; reliability: number; answers: number }[],
  ): Promise<void> {
    if (workers.length === 0) return;
    const sorted = [...workers].sort((a, b) => (a.annotatorId < b.annotatorId ? -1 : 1));
    await tx.query(
      `INSERT INTO quality.ds_worker_reliability (project_id, question_id, ontology_version, annotator_id, reliability, answers)
       SELECT $1, $2, $3, w.annotator_id, w.reliability, w.answers
       FROM unnest($4::text[], $5::float8[], $6::int[]) AS w(annotator_id, reliability, answers)
       ON CONFLICT (project_id, annotator_id, question_id, ontology_version)
       DO UPDATE SET reliability = excluded.reliability, answers = excluded.answers`,
      [
        key.projectId,
        key.questionId,
        key.ontologyVersion,
        sorted.map((w) => w.annotatorId),
        sorted.map((w) => w.reliability),
        sorted.map((w) => w.answers),
      ],
    );
  }

  async addHistory(
    tx: Queryable,
    h: {
      projectId: string;
      annotatorId: string;
      change: string;
      reliability: number;
      previousReliability: number | null;
      honeypotAccuracy: number | null;
      honeypotsAnswered: number;
      goldAccuracy: number | null;
      dsReliability: number | null;
      agreement: number | null;
      suspended: boolean;
      reason: string;
      triggerEventId: string | null;
      eventId: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO quality.reliability_history (project_id, annotator_id, change, reliability, previous_reliability,
         honeypot_accuracy, honeypots_answered, gold_accuracy, ds_reliability, agreement, suspended, reason, trigger_event_id, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        h.projectId, h.annotatorId, h.change, h.reliability, h.previousReliability, h.honeypotAccuracy, h.honeypotsAnswered,
        h.goldAccuracy, h.dsReliability, h.agreement, h.suspended, h.reason, h.triggerEventId, h.eventId,
      ],
    );
  }
}
