import { Injectable } from '@nestjs/common';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { TaskSchema, type Task } from '@verity/contracts';
import { row, rows, type Queryable } from '@verity/persistence';

/** Tasks seen on tasks.v1 (and re-routed by prelabel), with the item's text. */
@Injectable()
export class TaskRepository {
  async insert(db: Queryable, t: Task): Promise<boolean> {
    const [inserted] = await this.insertMany(db, [t]);
    return inserted;
  }

  /** Inserts the tasks not seen before (one statement); returns, per task, whether it was new. */
  async insertMany(db: Queryable, ts: readonly Task[]): Promise<boolean[]> {
    if (ts.length === 0) return [];
    const inserted = await rows<{ task_id: string }>(
      db,
      `INSERT INTO prelabel.tasks (task_id, project_id, item_id, question_id, ontology_version, task, text)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bytea[], $7::text[])
       ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
      [
        ts.map((t) => t.taskId),
        ts.map((t) => t.projectId),
        ts.map((t) => t.itemId),
        ts.map((t) => t.questionId),
        ts.map((t) => t.ontologyVersion),
        ts.map((t) => Buffer.from(toBinary(TaskSchema, t))),
        ts.map((t) => t.maskedText ?? null),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.task_id));
    return ts.map((t) => fresh.delete(t.taskId));
  }

  /** The latest task of an item and question in a project. */
  async latestFor(db: Queryable, projectId: string, itemId: string, questionId?: string): Promise<Task | null> {
    const r = await row<{ task: Uint8Array }>(
      db,
      `SELECT task FROM prelabel.tasks WHERE project_id = $1 AND item_id = $2 AND ($3::text IS NULL OR question_id = $3)
       ORDER BY received_at DESC LIMIT 1`,
      [projectId, itemId, questionId ?? null],
    );
    return r ? fromBinary(TaskSchema, r.task) : null;
  }

  /** The latest task of each item for one question (what a label check names). */
  async latestForItems(db: Queryable, projectId: string, questionId: string, itemIds: readonly string[]): Promise<Map<string, Task>> {
    if (itemIds.length === 0) return new Map();
    const found = await rows<{ item_id: string; task: Uint8Array }>(
      db,
      `SELECT DISTINCT ON (item_id) item_id, task FROM prelabel.tasks
       WHERE project_id = $1 AND question_id = $2 AND item_id = ANY($3::text[])
       ORDER BY item_id, received_at DESC`,
      [projectId, questionId, [...itemIds]],
    );
    return new Map(found.map((r) => [r.item_id, fromBinary(TaskSchema, r.task)]));
  }

  /**
   * The project of an item, when a sender (feedback, predictions) does not know it.
   * @crossProject finds the project itself, for a sender that does not know it
   */
  async projectOfItem(db: Queryable, itemId: string): Promise<string | null> {
    const r = await row<{ project_id: string }>(db, `SELECT project_id FROM prelabel.tasks WHERE item_id = $1 ORDER BY received_at DESC LIMIT 1`, [itemId]);
    return r?.project_id ?? null;
  }

  /** The newest question snapshot of a (project, question): its options are the model's classes. */
  async latestQuestionTask(db: Queryable, projectId: string, questionId: string): Promise<Task | null> {
    const r = await row<{ task: Uint8Array }>(
      db,
      `SELECT task FROM prelabel.tasks WHERE project_id = $1 AND question_id = $2 ORDER BY received_at DESC LIMIT 1`,
      [projectId, questionId],
    );
    return r ? fromBinary(TaskSchema, r.task) : null;
  }

  /**
   * Items of a (project, question) with text, by item id after `afterItemId` (keyset paging), the
   * latest task's text of each: what labeling functions run on when backfilled.
   */
  async textsPage(db: Queryable, projectId: string, questionId: string, afterItemId: string | null, limit: number): Promise<{ itemId: string; text: string }[]> {
    const page = await rows<{ item_id: string; text: string }>(
      db,
      `SELECT DISTINCT ON (item_id) item_id, text FROM prelabel.tasks
       WHERE project_id = $1 AND question_id = $2 AND text IS NOT NULL AND ($3::text IS NULL OR item_id > $3)
       ORDER BY item_id, received_at DESC LIMIT $4`,
      [projectId, questionId, afterItemId, limit],
    );
    return page.map((r) => ({ itemId: r.item_id, text: r.text }));
  }

  /** Ids of the items of a (project, question) with text: those labeling functions can vote on. */
  async itemsWithText(db: Queryable, projectId: string, questionId: string): Promise<string[]> {
    const items = await rows<{ item_id: string }>(
      db,
      `SELECT DISTINCT item_id FROM prelabel.tasks WHERE project_id = $1 AND question_id = $2 AND text IS NOT NULL`,
      [projectId, questionId],
    );
    return items.map((r) => r.item_id);
  }

  /** When each item of a (project, question) with text first arrived here (ms since the epoch): LF analysis over time. */
  async itemArrivals(db: Queryable, projectId: string, questionId: string): Promise<Map<string, number>> {
    const items = await rows<{ item_id: string; at: Date }>(
      db,
      `SELECT item_id, min(received_at) AS at FROM prelabel.tasks WHERE project_id = $1 AND question_id = $2 AND text IS NOT NULL GROUP BY item_id`,
      [projectId, questionId],
    );
    return new Map(items.map((r) => [r.item_id, new Date(r.at).getTime()]));
  }

  /** Unlabeled items with text of a (project, question): the local model's active-learning pool. */
  async unlabeledPool(db: Queryable, projectId: string, questionId: string, limit: number): Promise<{ itemId: string; text: string }[]> {
    const pool = await rows<{ item_id: string; text: string }>(
      db,
      `SELECT DISTINCT ON (t.item_id) t.item_id, t.text FROM prelabel.tasks t
       WHERE t.project_id = $1 AND t.question_id = $2 AND t.text IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM prelabel.labels l WHERE l.project_id = t.project_id AND l.item_id = t.item_id AND l.question_id = t.question_id)
       ORDER BY t.item_id, t.received_at DESC LIMIT $3`,
      [projectId, questionId, limit],
    );
    return pool.map((r) => ({ itemId: r.item_id, text: r.text }));
  }
}
