import { Injectable } from '@nestjs/common';
import type { Answer, ModelInfo, Task } from '@verity/contracts';
import { normalizeLanguage, normalizeSkill } from '../routing/eligibility';
import type { Queryable } from '../shared/db';
import { answerToJson, modelToJson, objectRefToJson, questionToJson } from '../shared/proto-json';

export interface DraftInput {
  answer: Answer;
  prelabelEventId: string;
  model?: ModelInfo;
}

@Injectable()
export class TaskIntakeRepository {
  /**
   * Queues a real task with `answers` open slots. A task already queued is left alone, except
   * that a prelabel arriving later (prelabels.v1 after tasks.v1) attaches its draft to it, or
   * marks it as an audit (blind: any draft is dropped). Returns true when the task was new.
   */
  async enqueue(
    db: Queryable,
    t: Task,
    opts: { answers: number; eventId: string; correlationId: string; taskEventId?: string; draft?: DraftInput; audit?: boolean },
  ): Promise<boolean> {
    const d = opts.draft;
    const rows: unknown[] = await db.query(
      `INSERT INTO assignment.tasks (task_id, project_id, kind, item_id, question_id, ontology_version, question, content_type,
         masked_text, payload_ref, guidelines, language, required_skills, answers_required, priority, draft, draft_event_id,
         draft_model, audit, source_event_id, correlation_id, task_event_id)
       VALUES ($1, $2, 'real', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14, $15, $16, $17, $18, $19, $20, $21)
       ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
      [
        t.taskId,
        t.projectId,
        t.itemId,
        t.questionId,
        t.ontologyVersion,
        JSON.stringify(questionToJson(t.question!)),
        t.contentType,
        t.maskedText ?? null,
        t.payloadRef ? JSON.stringify(objectRefToJson(t.payloadRef)) : null,
        t.guidelines,
        normalizeLanguage(t.language),
        t.requiredSkills.map(normalizeSkill),
        opts.answers,
        t.priority,
        d ? JSON.stringify(answerToJson(d.answer)) : null,
        d?.prelabelEventId ?? null,
        d?.model ? JSON.stringify(modelToJson(d.model)) : null,
        opts.audit ?? false,
        opts.eventId,
        opts.correlationId,
        opts.taskEventId || null,
      ],
    );
    if (rows.length > 0) {
      await db.query(
        `INSERT INTO assignment.slots (task_id, slot_no, project_id, state)
         SELECT $1, n, $2, 'open' FROM generate_series(1, $3::int) AS n`,
        [t.taskId, t.projectId, opts.answers],
      );
      await this.rememberTemplate(db, t);
      return true;
    }
    if (opts.audit) {
      await db.query(`UPDATE assignment.tasks SET audit = true, draft = NULL, draft_event_id = NULL, draft_model = NULL WHERE task_id = $1 AND project_id = $2 AND kind = 'real'`, [
        t.taskId,
        t.projectId,
      ]);
    } else if (d) {
      await db.query(
        `UPDATE assignment.tasks SET draft = $3, draft_event_id = $4, draft_model = $5
         WHERE task_id = $1 AND project_id = $2 AND kind = 'real'`,
        [
          t.taskId,
          t.projectId,
          JSON.stringify(answerToJson(d.answer)),
          d.prelabelEventId,
          d.model ? JSON.stringify(modelToJson(d.model)) : null,
        ],
      );
    }
    return false;
  }

  /**
   * What real tasks of this (project, question, ontology version) show besides their content,
   * kept from the latest one queued: honeypot copies show the same (docs/decisions.md #41).
   */
  private async rememberTemplate(db: Queryable, t: Task): Promise<void> {
    await db.query(
      `INSERT INTO assignment.task_templates AS cur (project_id, question_id, ontology_version, question, guidelines)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id, question_id, ontology_version) DO UPDATE
         SET question = EXCLUDED.question, guidelines = EXCLUDED.guidelines, updated_at = now()
         WHERE cur.question IS DISTINCT FROM EXCLUDED.question OR cur.guidelines IS DISTINCT FROM EXCLUDED.guidelines`,
      [t.projectId, t.questionId, t.ontologyVersion, JSON.stringify(questionToJson(t.question!)), t.guidelines],
    );
  }

  /** An auto-accepted task needs no human: slots of a copy already queued (from tasks.v1) that nobody holds are voided. */
  async withdrawOpenSlots(db: Queryable, t: Task): Promise<number> {
    const result: unknown[] = await db.query(
      `UPDATE assignment.slots SET state = 'void' WHERE task_id = $1 AND project_id = $2 AND state = 'open' RETURNING slot_no`,
      [t.taskId, t.projectId],
    );
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
    return (Array.isArray(result[0]) ? result[0] : result).length;
  }

  /** A task that arrived as a honeypot (honeypot=true with its expected answer) joins the gold set. */
  async addGoldFromTask(db: Queryable, t: Task): Promise<void> {
    await db.query(
      `INSERT INTO assignment.gold_items (gold_id, project_id, source, item_id, question_id, ontology_version, question,
         content_type, masked_text, payload_ref, guidelines, language, required_skills, expected_answer, created_by)
       VALUES ($1, $2, 'tasks', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, 'tasks.v1')
       ON CONFLICT (gold_id) DO NOTHING`,
      [
        t.taskId,
        t.projectId,
        t.itemId,
        t.questionId,
        t.ontologyVersion,
        JSON.stringify(questionToJson(t.question!)),
        t.contentType,
        t.maskedText ?? null,
        t.payloadRef ? JSON.stringify(objectRefToJson(t.payloadRef)) : null,
        t.guidelines,
        normalizeLanguage(t.language),
        t.requiredSkills.map(normalizeSkill),
        JSON.stringify(answerToJson(t.expectedAnswer!)),
      ],
    );
  }
}
