import type { Answer, ModelInfo, Task } from '@verity/contracts';
import { normalizeLanguage, normalizeSkill } from '../domain/eligibility.rule';
import { type Queryable, rows } from '@verity/persistence';
import { answerToJson, modelToJson, objectRefToJson, questionToJson } from '../domain/proto-json.mapper';

/** The machine draft a queued task shows (from prelabels.v1). */
export interface DraftInput {
  answer: Answer;
  prelabelEventId: string;
  model?: ModelInfo;
}

/** One real task to queue, as `TaskIntakeRepository.enqueue` takes it. */
export interface QueueEntry {
  task: Task;
  answers: number;
  eventId: string;
  correlationId: string;
  taskEventId?: string;
  /** W3C traceparent of the span that queued the task: a person's answer continues that trace. */
  traceparent?: string;
  draft?: DraftInput;
  audit?: boolean;
}

/**
 * Writes new real tasks, their open slots and their templates in three statements whatever their
 * number. Each task id must appear once: an entry whose task is already queued is left alone and
 * reported not new (TaskIntakeRepository applies what a later event says of a queued task).
 */
export class NewTasksWriter {
  /**
   * Returns, per entry (same order), whether its task was new.
   * @crossProject a batch of tasks.v1 / prelabels.v1 records mixes projects; each row takes its own task's project id
   */
  async write(db: Queryable, entries: readonly QueueEntry[]): Promise<boolean[]> {
    if (entries.length === 0) return [];
    const ids = entries.map((e) => e.task.taskId);
    if (new Set(ids).size !== ids.length) throw new Error('NewTasksWriter.write: task ids must be unique within one call');
    const col = <T>(f: (e: QueueEntry) => T) => entries.map(f);
    const inserted = await rows<{ task_id: string }>(
      db,
      `INSERT INTO assignment.tasks (task_id, project_id, kind, item_id, question_id, ontology_version, question, content_type,
         masked_text, payload_ref, guidelines, language, required_skills, answers_required, priority, draft, draft_event_id,
         draft_model, audit, source_event_id, correlation_id, task_event_id, traceparent, source, source_id)
       SELECT r.task_id, r.project_id, 'real', r.item_id, r.question_id, r.ontology_version, r.question::jsonb, r.content_type,
         r.masked_text, r.payload_ref::jsonb, r.guidelines, r.language,
         ARRAY(SELECT e FROM jsonb_array_elements_text(r.skills::jsonb) WITH ORDINALITY AS a(e, n) ORDER BY a.n), r.answers, r.priority, r.draft::jsonb, r.draft_event_id,
         r.draft_model::jsonb, r.audit, r.source_event_id, r.correlation_id, r.task_event_id, r.traceparent, r.source, r.source_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::smallint[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::text[], $16::text[], $17::text[], $18::bool[],
                   $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[])
         WITH ORDINALITY AS r(task_id, project_id, item_id, question_id, ontology_version, question, content_type, masked_text,
                              payload_ref, guidelines, language, skills, answers, priority, draft, draft_event_id, draft_model, audit,
                              source_event_id, correlation_id, task_event_id, traceparent, source, source_id, n)
       ORDER BY r.n
       ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
      [
        ids,
        col((e) => e.task.projectId),
        col((e) => e.task.itemId),
        col((e) => e.task.questionId),
        col((e) => e.task.ontologyVersion),
        col((e) => JSON.stringify(questionToJson(e.task.question!))),
        col((e) => e.task.contentType),
        col((e) => e.task.maskedText ?? null),
        col((e) => (e.task.payloadRef ? JSON.stringify(objectRefToJson(e.task.payloadRef)) : null)),
        col((e) => e.task.guidelines),
        col((e) => normalizeLanguage(e.task.language)),
        col((e) => JSON.stringify(e.task.requiredSkills.map(normalizeSkill))),
        col((e) => e.answers),
        col((e) => e.task.priority),
        col((e) => (e.draft ? JSON.stringify(answerToJson(e.draft.answer)) : null)),
        col((e) => e.draft?.prelabelEventId ?? null),
        col((e) => (e.draft?.model ? JSON.stringify(modelToJson(e.draft.model)) : null)),
        col((e) => e.audit ?? false),
        col((e) => e.eventId),
        col((e) => e.correlationId),
        col((e) => e.taskEventId || null),
        col((e) => e.traceparent ?? null),
        // Both or neither: an imported answer is found by the pair.
        col((e) => (e.task.source && e.task.sourceId ? e.task.source : null)),
        col((e) => (e.task.source && e.task.sourceId ? e.task.sourceId : null)),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.task_id));
    const created = entries.filter((e) => fresh.has(e.task.taskId));
    if (created.length === 0) return entries.map(() => false);
    await db.query(
      `INSERT INTO assignment.slots (task_id, slot_no, project_id, state)
       SELECT r.task_id, n, r.project_id, 'open'
       FROM unnest($1::text[], $2::text[], $3::int[]) AS r(task_id, project_id, answers), generate_series(1, r.answers) AS n`,
      [created.map((e) => e.task.taskId), created.map((e) => e.task.projectId), created.map((e) => e.answers)],
    );
    await this.rememberTemplates(db, created.map((e) => e.task));
    return entries.map((e) => fresh.has(e.task.taskId));
  }

  /**
   * What real tasks of a (project, question, ontology version) show besides their content, kept
   * from the latest one queued: honeypot copies show the same (docs/decisions.md #41).
   */
  private async rememberTemplates(db: Queryable, tasks: readonly Task[]): Promise<void> {
    const latest = new Map<string, Task>();
    for (const t of tasks) latest.set(`${t.projectId}\u0000${t.questionId}\u0000${t.ontologyVersion}`, t);
    const ts = [...latest.values()];
    await db.query(
      `INSERT INTO assignment.task_templates AS cur (project_id, question_id, ontology_version, question, guidelines)
       SELECT r.project_id, r.question_id, r.ontology_version, r.question::jsonb, r.guidelines
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[]) AS r(project_id, question_id, ontology_version, question, guidelines)
       ON CONFLICT (project_id, question_id, ontology_version) DO UPDATE
         SET question = EXCLUDED.question, guidelines = EXCLUDED.guidelines, updated_at = now()
         WHERE cur.question IS DISTINCT FROM EXCLUDED.question OR cur.guidelines IS DISTINCT FROM EXCLUDED.guidelines`,
      [
        ts.map((t) => t.projectId),
        ts.map((t) => t.questionId),
        ts.map((t) => t.ontologyVersion),
        ts.map((t) => JSON.stringify(questionToJson(t.question!))),
        ts.map((t) => t.guidelines),
      ],
    );
  }
}
