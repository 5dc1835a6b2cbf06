import { Injectable } from '@nestjs/common';
import { type Queryable, rows } from '@verity/persistence';

export interface NewMachineAudit {
  annotationId: string;
  projectId: string;
  taskId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  modelId: string;
  modelVersion: string;
  machineKey: string | null;
}

export interface AuditCounts {
  questionId: string;
  modelId: string;
  /** Audits whose final label is known. */
  resolved: number;
  /** Of those, how many the machine got right. */
  correct: number;
  /** Audits still waiting for the humans (or an expert). */
  pending: number;
}

/** What a crowd decision did to a task's open audits. */
export interface AuditOutcome {
  resolved: number;
  /** Disagreeing audits sent to the expert (left open). */
  escalated: number;
}

/** Which of a batch's tasks have audits still open (and which tasks the batch asked about). */
interface BatchAudits {
  asked: Set<string>;
  open: Set<string>;
}

/**
 * quality.machine_audits: audited machine answers and, once the task is decided, whether they were right.
 *
 * A batch of answers (`beginBatch` … `endBatch`, one transaction under the project lock) reads once
 * which of its tasks have open audits, so that deciding a task with none costs no statement.
 * Audits are inserted only by those batches, under the project lock, so the answer stays true.
 */
@Injectable()
export class MachineAuditsRepository {
  private readonly batches = new WeakMap<object, BatchAudits>();

  /** @crossProject a batch of answers spans several projects; each task is looked up with its own project */
  async beginBatch(tx: Queryable, tasks: readonly { projectId: string; taskId: string }[]): Promise<void> {
    const asked = new Set(tasks.map((t) => auditKey(t.projectId, t.taskId)));
    const unique = [...new Map(tasks.map((t) => [auditKey(t.projectId, t.taskId), t])).values()];
    const open = unique.length
      ? await rows<{ project_id: string; task_id: string }>(
          tx,
          `SELECT k.project_id, k.task_id FROM unnest($1::text[], $2::text[]) AS k(project_id, task_id)
           WHERE EXISTS (SELECT 1 FROM quality.machine_audits a WHERE a.task_id = k.task_id AND a.project_id = k.project_id AND a.final_key IS NULL)`,
          [unique.map((t) => t.projectId), unique.map((t) => t.taskId)],
        )
      : [];
    this.batches.set(tx, { asked, open: new Set(open.map((r) => auditKey(r.project_id, r.task_id))) });
  }

  /** @crossProject ends the transaction's in-memory batch (no query), whichever projects it held */
  endBatch(tx: Queryable): void {
    this.batches.delete(tx);
  }

  async insert(tx: Queryable, projectId: string, a: Omit<NewMachineAudit, 'projectId'>): Promise<void> {
    await tx.query(
      `INSERT INTO quality.machine_audits (annotation_id, project_id, task_id, item_id, question_id, ontology_version, model_id, model_version, machine_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (annotation_id) DO NOTHING`,
      [a.annotationId, projectId, a.taskId, a.itemId, a.questionId, a.ontologyVersion, a.modelId, a.modelVersion, a.machineKey],
    );
    this.batches.get(tx)?.open.add(auditKey(projectId, a.taskId));
  }

  /** Resolves the project's task's open audits (escalated ones too) against an expert's final label; the first wins. Returns how many were resolved. */
  async resolve(tx: Queryable, projectId: string, taskId: string, finalKey: string, by: 'quality' | 'adjudication'): Promise<number> {
    const batch = this.batches.get(tx);
    const key = auditKey(projectId, taskId);
    if (batch?.asked.has(key) && !batch.open.has(key)) return 0;
    batch?.open.delete(key);
    const resolved = await rows<{ annotation_id: string }>(
      tx,
      `UPDATE quality.machine_audits SET final_key = $3, correct = (machine_key IS NOT DISTINCT FROM $3), resolved_by = $4, resolved_at = now()
       WHERE task_id = $1 AND project_id = $2 AND final_key IS NULL RETURNING annotation_id`,
      [taskId, projectId, finalKey, by],
    );
    return resolved.length;
  }

  /**
   * The crowd decided the task: its open audits that agree with the label are resolved; those that
   * disagree are escalated (marked, left open) for the expert's decision to resolve, since the
   * disagreement may as well be the crowd's error (decision 80). Returns both counts.
   */
  async resolveByCrowd(tx: Queryable, projectId: string, taskId: string, finalKey: string): Promise<AuditOutcome> {
    const batch = this.batches.get(tx);
    const key = auditKey(projectId, taskId);
    if (batch?.asked.has(key) && !batch.open.has(key)) return { resolved: 0, escalated: 0 };
    return this.crowdOutcome(tx, projectId, taskId, `$3::text`, [finalKey]);
  }

  /** `resolveByCrowd` against the label quality already decided, if it did (an audit arriving after the humans). */
  async resolveFromDecidedTask(tx: Queryable, projectId: string, taskId: string): Promise<AuditOutcome> {
    return this.crowdOutcome(
      tx,
      projectId,
      taskId,
      `(SELECT t.label FROM quality.tasks t WHERE t.task_id = $1 AND t.project_id = $2 AND t.status = 'decided')`,
      [],
    );
  }

  private async crowdOutcome(tx: Queryable, projectId: string, taskId: string, label: string, params: unknown[]): Promise<AuditOutcome> {
    const [r] = await rows<{ resolved: number; escalated: number }>(
      tx,
      `WITH l AS (SELECT ${label} AS label),
       resolved AS (
         UPDATE quality.machine_audits a SET final_key = l.label, correct = true, resolved_by = 'quality', resolved_at = now()
         FROM l WHERE a.task_id = $1 AND a.project_id = $2 AND a.final_key IS NULL AND l.label IS NOT NULL AND a.machine_key = l.label
         RETURNING a.annotation_id),
       escalated AS (
         UPDATE quality.machine_audits a SET escalated_at = now()
         FROM l WHERE a.task_id = $1 AND a.project_id = $2 AND a.final_key IS NULL AND a.escalated_at IS NULL
           AND l.label IS NOT NULL AND a.machine_key IS DISTINCT FROM l.label
         RETURNING a.annotation_id)
       SELECT (SELECT count(*) FROM resolved)::int AS resolved, (SELECT count(*) FROM escalated)::int AS escalated`,
      [taskId, projectId, ...params],
    );
    return r;
  }

  async countsForProject(db: Queryable, projectId: string): Promise<AuditCounts[]> {
    return rows<AuditCounts>(
      db,
      `SELECT question_id AS "questionId", model_id AS "modelId",
              count(*) FILTER (WHERE final_key IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE correct)::int AS correct,
              count(*) FILTER (WHERE final_key IS NULL)::int AS pending
       FROM quality.machine_audits WHERE project_id = $1
       GROUP BY question_id, model_id ORDER BY question_id, model_id`,
      [projectId],
    );
  }

  /** The same counts per model version (machine_audits.model_version, e.g. "v3"). */
  async countsByVersion(db: Queryable, projectId: string): Promise<(AuditCounts & { modelVersion: string })[]> {
    return rows<AuditCounts & { modelVersion: string }>(
      db,
      `SELECT question_id AS "questionId", model_id AS "modelId", model_version AS "modelVersion",
              count(*) FILTER (WHERE final_key IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE correct)::int AS correct,
              count(*) FILTER (WHERE final_key IS NULL)::int AS pending
       FROM quality.machine_audits WHERE project_id = $1
       GROUP BY question_id, model_id, model_version ORDER BY question_id, model_id, model_version`,
      [projectId],
    );
  }
}

const auditKey = (projectId: string, taskId: string) => JSON.stringify([projectId, taskId]);
