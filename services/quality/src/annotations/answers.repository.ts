import { Injectable } from '@nestjs/common';
import type { Queryable } from '../shared/db';

export interface NewAnswer {
  annotationId: string;
  eventId: string;
  projectId: string;
  taskId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  annotatorId: string;
  source: number;
  kind: string;
  answerKey: string | null;
  honeypot: boolean;
  expectedKey: string | null;
  honeypotCorrect: boolean | null;
  counted: boolean;
  draftKey: string | null;
  draftRecord: Uint8Array | null;
  /** verity.common.v1.AnswerRecord (protobuf): provenance as received. */
  record: Uint8Array;
  submittedAt: Date;
}

export interface StoredAnswer {
  annotationId: string;
  annotatorId: string;
  source: number;
  kind: string;
  key: string | null;
  counted: boolean;
  draftKey: string | null;
  draftRecord: Buffer | null;
  record: Buffer;
}

/** quality.answers: every answer received, once per annotation id. */
@Injectable()
export class AnswersRepository {
  /** Stores the answer; false when this annotation id is already stored. */
  async insert(tx: Queryable, a: NewAnswer): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO quality.answers (annotation_id, event_id, project_id, task_id, item_id, question_id, ontology_version,
         annotator_id, source, kind, answer_key, honeypot, expected_key, honeypot_correct, counted, draft_key,
         draft_record, record, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (annotation_id) DO NOTHING RETURNING annotation_id`,
      [
        a.annotationId, a.eventId, a.projectId, a.taskId, a.itemId, a.questionId, a.ontologyVersion, a.annotatorId,
        a.source, a.kind, a.answerKey, a.honeypot, a.expectedKey, a.honeypotCorrect, a.counted, a.draftKey,
        a.draftRecord ? Buffer.from(a.draftRecord) : null, Buffer.from(a.record), a.submittedAt,
      ],
    );
    return rows.length > 0;
  }

  async hasCounted(tx: Queryable, taskId: string, annotatorId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM quality.answers WHERE task_id = $1 AND annotator_id = $2 AND counted`,
      [taskId, annotatorId],
    );
    return rows.length > 0;
  }

  /** Every answer of a task, in arrival order. */
  async forTask(tx: Queryable, taskId: string): Promise<StoredAnswer[]> {
    return tx.query(
      `SELECT annotation_id AS "annotationId", annotator_id AS "annotatorId", source, kind, answer_key AS key, counted,
              draft_key AS "draftKey", draft_record AS "draftRecord", record
       FROM quality.answers WHERE task_id = $1 ORDER BY seq`,
      [taskId],
    );
  }

  /** The latest `limit` human choice answers of a question (counted task answers and honeypots): a DS fit's data. */
  async fitRows(tx: Queryable, projectId: string, questionId: string, version: number, limit: number) {
    const rows: { item: string; worker: string; label: string }[] = await tx.query(
      `SELECT item_id AS item, annotator_id AS worker, answer_key AS label FROM quality.answers
       WHERE project_id = $1 AND question_id = $2 AND ontology_version = $3
         AND source = 1 AND kind = 'choice' AND (counted OR honeypot) AND answer_key IS NOT NULL
       ORDER BY seq DESC LIMIT $4`,
      [projectId, questionId, version, limit],
    );
    return rows.reverse();
  }

  /** Counted human answers on real tasks submitted in [from, to), the latest `limit`. */
  async windowRows(db: Queryable, projectId: string, from: Date, to: Date, limit: number) {
    const rows: { taskId: string; questionId: string; ontologyVersion: number; annotatorId: string; key: string }[] = await db.query(
      `SELECT task_id AS "taskId", question_id AS "questionId", ontology_version AS "ontologyVersion",
              annotator_id AS "annotatorId", answer_key AS key
       FROM quality.answers
       WHERE project_id = $1 AND counted AND answer_key IS NOT NULL AND submitted_at >= $2 AND submitted_at < $3
       ORDER BY submitted_at DESC LIMIT $4`,
      [projectId, from, to, limit],
    );
    return rows;
  }
}
