import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { TaskSchema, TOPICS } from '@verity/contracts';
import { type ItemCopiesEraser, type ItemErasure, affectedRows, erasePublishedOutboxCopies } from '@verity/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * The item's tasks lose their text and payload reference (in the `text` column and in the
 * stored Task), so the local model never trains or drafts on them again; its source-id mapping,
 * its labeling-function votes (derived from its text) and the published prelabels.v1 records of
 * it leave too.
 */
@Injectable()
export class PrelabelCopiesEraser implements ItemCopiesEraser {
  async erase(tx: EntityManager, e: ItemErasure): Promise<number> {
    const tasks: { task_id: string; task: Buffer }[] = await tx.query(
      `SELECT task_id, task FROM prelabel.tasks WHERE item_id = $1 FOR UPDATE`,
      [e.itemId],
    );
    let rows = 0;
    for (const t of tasks) {
      const task = fromBinary(TaskSchema, t.task);
      const blank = create(TaskSchema, { ...task, maskedText: undefined, payloadRef: undefined });
      await tx.query(`UPDATE prelabel.tasks SET text = NULL, task = $2 WHERE task_id = $1`, [
        t.task_id,
        Buffer.from(toBinary(TaskSchema, blank)),
      ]);
      rows++;
    }
    rows += affectedRows(
      await tx.query(`DELETE FROM prelabel.item_sources WHERE item_id = $1 RETURNING item_id`, [
        e.itemId,
      ]),
    );
    rows += affectedRows(
      await tx.query(`DELETE FROM prelabel.lf_votes WHERE item_id = $1 RETURNING item_id`, [e.itemId]),
    );
    rows += await erasePublishedOutboxCopies(tx, 'prelabel', e.itemId, TOPICS.prelabels.name);
    return rows;
  }
}
