import { Injectable } from '@nestjs/common';
import type { Task } from '@verity/contracts';
import { normalizeLanguage, normalizeSkill } from '../domain/eligibility.rule';
import { type Queryable, rows, requireSameProject } from '@verity/persistence';
import { answerToJson, modelToJson, objectRefToJson, questionToJson } from '../domain/proto-json.mapper';
import { NewTasksWriter, type QueueEntry } from './new-tasks.writer';

export type { DraftInput, QueueEntry } from './new-tasks.writer';

@Injectable()
export class TaskIntakeRepository {
  private readonly writer = new NewTasksWriter();

  /**
   * Queues a real task with `answers` open slots. A task already queued is left alone, except
   * that a prelabel arriving later (prelabels.v1 after tasks.v1) attaches its draft to it, or
   * marks it as an audit (blind: any draft is dropped). Returns true when the task was new.
   */
  async enqueue(db: Queryable, projectId: string, t: Task, opts: Omit<QueueEntry, 'task'>): Promise<boolean> {
    requireSameProject(projectId, t, 'task');
    const [isNew] = await this.enqueueMany(db, [{ ...opts, task: t }]);
    return isNew;
  }

  /**
   * `enqueue` for many tasks, new ones written in bulk; returns, per entry, whether its task was
   * new. Each task id must appear once (a second event of the same task comes in a later call).
   * @crossProject a tasks.v1 / prelabels.v1 batch mixes projects; every row is written and amended under its own task's project id
   */
  async enqueueMany(db: Queryable, entries: readonly QueueEntry[]): Promise<boolean[]> {
    const fresh = await this.writer.write(db, entries);
    for (let i = 0; i < entries.length; i++) if (!fresh[i]) await this.amendQueued(db, entries[i]);
    return fresh;
  }

  /** What a later event says of a task already queued: an audit (blind) or a draft to show. */
  private async amendQueued(db: Queryable, { task: t, audit, draft: d }: QueueEntry): Promise<void> {
    if (audit) {
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
  }

  /** An auto-accepted task needs no human: slots of a copy already queued (from tasks.v1) that nobody holds are voided. */
  async withdrawOpenSlots(db: Queryable, projectId: string, taskId: string): Promise<number> {
    const voided = await rows<{ slot_no: number }>(
      db,
      `UPDATE assignment.slots SET state = 'void' WHERE task_id = $1 AND project_id = $2 AND state = 'open' RETURNING slot_no`,
      [taskId, projectId],
    );
    return voided.length;
  }

  /** A task that arrived as a honeypot (honeypot=true with its expected answer) joins the gold set. */
  async addGoldFromTask(db: Queryable, projectId: string, t: Task): Promise<void> {
    requireSameProject(projectId, t, 'task');
    await db.query(
      `INSERT INTO assignment.gold_items (gold_id, project_id, source, item_id, question_id, ontology_version, question,
         content_type, masked_text, payload_ref, guidelines, language, required_skills, expected_answer, created_by)
       VALUES ($1, $2, 'tasks', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, 'tasks.v1')
       ON CONFLICT (gold_id) DO NOTHING`,
      [
        t.taskId,
        projectId,
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
