import { Injectable } from '@nestjs/common';
import { type Queryable, rows } from '@verity/persistence';

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
  /** Time the annotator spent (AnswerRecord.time_spent_ms); null when not reported (0) or a machine's. */
  timeSpentMs?: number | null;
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

/** A counted answer in a metrics window. */
export interface WindowAnswer {
  taskId: string;
  questionId: string;
  ontologyVersion: number;
  annotatorId: string;
  key: string;
  kind: string;
}

const STORED = `annotation_id AS "annotationId", annotator_id AS "annotatorId", source, kind, answer_key AS key, counted,
  draft_key AS "draftKey", draft_record AS "draftRecord", record`;

/** What a batch's transaction knows of quality.answers, and the answers it has not written yet. */
interface BatchAnswers {
  /** Annotation ids stored (before or in the batch). */
  stored: Set<string>;
  /** Every answer of each of the batch's tasks (by `taskKey`), in arrival order. */
  byTask: Map<string, StoredAnswer[]>;
  unwritten: NewAnswer[];
}

/**
 * quality.answers: every answer received, once per annotation id.
 *
 * In a batch (`prepare` … `flush`, one transaction under the project lock) the answers of the
 * batch's tasks are read once; new answers are kept in memory (and served to `forTask` and
 * `hasCounted`) and written in one statement, in arrival order, at the flush or before any other
 * read of the table. Every write to quality.answers goes through here.
 */
@Injectable()
export class AnswersRepository {
  private readonly batches = new WeakMap<object, BatchAnswers>();

  /**
   * Starts a batch: which of its annotation ids are stored already, and every stored answer of
   * its tasks (two queries).
   *
   * @crossProject a batch of answers spans several projects; each answer names its project, and a task's answers are kept only from it
   */
  async prepare(tx: Queryable, answers: readonly { annotationId: string; projectId: string; taskId: string }[]): Promise<void> {
    const batch: BatchAnswers = { stored: new Set(), byTask: new Map(), unwritten: [] };
    this.batches.set(tx, batch);
    if (answers.length === 0) return;
    // Annotation ids are unique across projects (the primary key): one stored anywhere is a duplicate.
    const ids = await rows<{ annotation_id: string }>(tx, `SELECT annotation_id FROM quality.answers WHERE annotation_id = ANY($1::text[])`, [
      [...new Set(answers.map((a) => a.annotationId))],
    ]);
    for (const r of ids) batch.stored.add(r.annotation_id);
    for (const a of answers) batch.byTask.set(taskKey(a.projectId, a.taskId), []);
    // One index probe per task. `task_id = ANY($keys)` was planned, on a table no ANALYZE had
    // seen, as matching 40 % of it: a whole-table scan per batch, each slower than the last.
    const stored = await rows<StoredAnswer & { taskId: string; projectId: string; seq: string }>(
      tx,
      `SELECT s.* FROM (SELECT DISTINCT unnest($1::text[]) AS id) AS k
       CROSS JOIN LATERAL (SELECT task_id AS "taskId", project_id AS "projectId", seq, ${STORED} FROM quality.answers WHERE task_id = k.id OFFSET 0) s
       ORDER BY s.seq`,
      [[...new Set(answers.map((a) => a.taskId))]],
    );
    for (const { taskId, projectId, seq: _seq, ...a } of stored) batch.byTask.get(taskKey(projectId, taskId))?.push(a);
  }

  /**
   * Writes the answers the batch kept in memory (one statement); ends the batch when `end`.
   *
   * @crossProject writes a batch's answers, which span its projects; each row inserts the project id `insert` was given
   */
  async flush(tx: Queryable, end = true): Promise<void> {
    const batch = this.batches.get(tx);
    if (end) this.batches.delete(tx);
    if (!batch || batch.unwritten.length === 0) return;
    const rows = batch.unwritten;
    batch.unwritten = [];
    const col = <T>(f: (a: NewAnswer) => T) => rows.map(f);
    await tx.query(
      `INSERT INTO quality.answers (annotation_id, event_id, project_id, task_id, item_id, question_id, ontology_version,
         annotator_id, source, kind, answer_key, honeypot, expected_key, honeypot_correct, counted, draft_key,
         draft_record, record, submitted_at, time_spent_ms)
       SELECT a.annotation_id, a.event_id, a.project_id, a.task_id, a.item_id, a.question_id, a.ontology_version,
         a.annotator_id, a.source, a.kind, a.answer_key, a.honeypot, a.expected_key, a.honeypot_correct, a.counted, a.draft_key,
         a.draft_record, a.record, a.submitted_at, a.time_spent_ms
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::smallint[],
         $10::text[], $11::text[], $12::bool[], $13::text[], $14::bool[], $15::bool[], $16::text[], $17::bytea[], $18::bytea[],
         $19::timestamptz[], $20::bigint[]) WITH ORDINALITY
         AS a(annotation_id, event_id, project_id, task_id, item_id, question_id, ontology_version, annotator_id, source, kind,
              answer_key, honeypot, expected_key, honeypot_correct, counted, draft_key, draft_record, record, submitted_at, time_spent_ms, n)
       ORDER BY a.n`,
      [
        col((a) => a.annotationId), col((a) => a.eventId), col((a) => a.projectId), col((a) => a.taskId), col((a) => a.itemId),
        col((a) => a.questionId), col((a) => a.ontologyVersion), col((a) => a.annotatorId), col((a) => a.source), col((a) => a.kind),
        col((a) => a.answerKey), col((a) => a.honeypot), col((a) => a.expectedKey), col((a) => a.honeypotCorrect), col((a) => a.counted),
        col((a) => a.draftKey), col((a) => (a.draftRecord ? Buffer.from(a.draftRecord) : null)), col((a) => Buffer.from(a.record)),
        col((a) => a.submittedAt), col((a) => a.timeSpentMs ?? null),
      ],
    );
  }

  /** Stores the project's answer; false when this annotation id is already stored. */
  async insert(tx: Queryable, projectId: string, answer: Omit<NewAnswer, 'projectId'>): Promise<boolean> {
    const a: NewAnswer = { ...answer, projectId };
    const batch = this.batches.get(tx);
    if (batch) {
      if (batch.stored.has(a.annotationId)) return false;
      batch.stored.add(a.annotationId);
      batch.unwritten.push(a);
      batch.byTask.get(taskKey(projectId, a.taskId))?.push({
        annotationId: a.annotationId,
        annotatorId: a.annotatorId,
        source: a.source,
        kind: a.kind,
        key: a.answerKey,
        counted: a.counted,
        draftKey: a.draftKey,
        draftRecord: a.draftRecord ? Buffer.from(a.draftRecord) : null,
        record: Buffer.from(a.record),
      });
      return true;
    }
    const inserted = await rows<{ annotation_id: string }>(
      tx,
      `INSERT INTO quality.answers (annotation_id, event_id, project_id, task_id, item_id, question_id, ontology_version,
         annotator_id, source, kind, answer_key, honeypot, expected_key, honeypot_correct, counted, draft_key,
         draft_record, record, submitted_at, time_spent_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
       ON CONFLICT (annotation_id) DO NOTHING RETURNING annotation_id`,
      [
        a.annotationId, a.eventId, a.projectId, a.taskId, a.itemId, a.questionId, a.ontologyVersion, a.annotatorId,
        a.source, a.kind, a.answerKey, a.honeypot, a.expectedKey, a.honeypotCorrect, a.counted, a.draftKey,
        a.draftRecord ? Buffer.from(a.draftRecord) : null, Buffer.from(a.record), a.submittedAt, a.timeSpentMs ?? null,
      ],
    );
    return inserted.length > 0;
  }

  async hasCounted(tx: Queryable, projectId: string, taskId: string, annotatorId: string): Promise<boolean> {
    const held = this.batches.get(tx)?.byTask.get(taskKey(projectId, taskId));
    if (held) return held.some((a) => a.counted && a.annotatorId === annotatorId);
    await this.flush(tx, false);
    const found = await rows<{ one: number }>(
      tx,
      `SELECT 1 AS one FROM quality.answers WHERE task_id = $1 AND project_id = $2 AND annotator_id = $3 AND counted`,
      [taskId, projectId, annotatorId],
    );
    return found.length > 0;
  }

  /** Every answer of the project's task, in arrival order. */
  async forTask(tx: Queryable, projectId: string, taskId: string): Promise<StoredAnswer[]> {
    const held = this.batches.get(tx)?.byTask.get(taskKey(projectId, taskId));
    if (held) return held.map((a) => ({ ...a }));
    await this.flush(tx, false);
    return rows<StoredAnswer>(tx, `SELECT ${STORED} FROM quality.answers WHERE task_id = $1 AND project_id = $2 ORDER BY seq`, [taskId, projectId]);
  }

  /** The latest `limit` human choice answers of a question (counted task answers and honeypots): a DS fit's data. */
  async fitRows(tx: Queryable, projectId: string, questionId: string, version: number, limit: number): Promise<{ item: string; worker: string; label: string }[]> {
    await this.flush(tx, false);
    const latest = await rows<{ item: string; worker: string; label: string }>(
      tx,
      `SELECT item_id AS item, annotator_id AS worker, answer_key AS label FROM quality.answers
       WHERE project_id = $1 AND question_id = $2 AND ontology_version = $3
         AND source = 1 AND kind = 'choice' AND (counted OR honeypot) AND answer_key IS NOT NULL
       ORDER BY seq DESC LIMIT $4`,
      [projectId, questionId, version, limit],
    );
    return latest.reverse();
  }

  /** Counted human answers on real tasks submitted in [from, to), the latest `limit`. */
  async windowRows(db: Queryable, projectId: string, from: Date, to: Date, limit: number): Promise<WindowAnswer[]> {
    await this.flush(db, false);
    return rows<WindowAnswer>(
      db,
      `SELECT task_id AS "taskId", question_id AS "questionId", ontology_version AS "ontologyVersion",
              annotator_id AS "annotatorId", answer_key AS key, kind
       FROM quality.answers
       WHERE project_id = $1 AND counted AND answer_key IS NOT NULL AND submitted_at >= $2 AND submitted_at < $3
       ORDER BY submitted_at DESC LIMIT $4`,
      [projectId, from, to, limit],
    );
  }
}

/** One string per (project, task): a batch's key of a task's answers. */
const taskKey = (projectId: string, taskId: string): string => `${projectId}\u0000${taskId}`;
