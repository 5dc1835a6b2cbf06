import { Injectable } from '@nestjs/common';
import { type Queryable, rows } from '@verity/persistence';

export interface KnownTruthJudgement {
  projectId: string;
  annotatorId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  source: 'expert_verdict' | 'gold';
  correct: boolean;
  annotationId: string | null;
  truthKey: string | null;
  eventId: string;
}

/** quality.known_truth: one judgement per (project, annotator, item, question, version). Call under the project lock. */
@Injectable()
export class KnownTruthRepository {
  /**
   * Records the judgement and returns what it changes in the annotator's gold counts:
   * a first judgement adds one answered (and one correct if correct); a later one with another
   * outcome moves one correct; the same outcome again changes nothing.
   */
  async record(tx: Queryable, projectId: string, j: Omit<KnownTruthJudgement, 'projectId'>): Promise<{ answered: number; correct: number }> {
    const key = [projectId, j.annotatorId, j.itemId, j.questionId, j.ontologyVersion];
    const prev = await rows<{ correct: boolean }>(
      tx,
      `SELECT correct FROM quality.known_truth
       WHERE project_id = $1 AND annotator_id = $2 AND item_id = $3 AND question_id = $4 AND ontology_version = $5 FOR UPDATE`,
      key,
    );
    if (prev.length === 0) {
      await tx.query(
        `INSERT INTO quality.known_truth (project_id, annotator_id, item_id, question_id, ontology_version, source, correct,
           annotation_id, truth_key, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [...key, j.source, j.correct, j.annotationId, j.truthKey, j.eventId],
      );
      return { answered: 1, correct: j.correct ? 1 : 0 };
    }
    if (prev[0].correct === j.correct) return { answered: 0, correct: 0 };
    await tx.query(
      `UPDATE quality.known_truth SET source = $6, correct = $7, truth_key = $8, event_id = $9, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2 AND item_id = $3 AND question_id = $4 AND ontology_version = $5`,
      [...key, j.source, j.correct, j.truthKey, j.eventId],
    );
    return { answered: 0, correct: j.correct ? 1 : -1 };
  }

  /** The counted human (non-honeypot) answers of an item's question: who answered what. */
  async humanAnswers(
    tx: Queryable,
    projectId: string,
    k: { itemId: string; questionId: string; ontologyVersion: number },
  ): Promise<{ annotatorId: string; annotationId: string; answerKey: string | null }[]> {
    return rows<{ annotatorId: string; annotationId: string; answerKey: string | null }>(
      tx,
      `SELECT annotator_id AS "annotatorId", annotation_id AS "annotationId", answer_key AS "answerKey"
       FROM quality.answers
       WHERE project_id = $1 AND item_id = $2 AND question_id = $3 AND ontology_version = $4
         AND source = 1 AND NOT honeypot AND counted
       ORDER BY annotator_id`,
      [projectId, k.itemId, k.questionId, k.ontologyVersion],
    );
  }
}
