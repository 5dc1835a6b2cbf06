import { Injectable } from '@nestjs/common';
import { rows } from '@verity/persistence';
import { type ItemCopiesEraser, type ItemErasure } from '@verity/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * The item's tasks (real ones and honeypot copies) and its gold items lose their
 * masked text and payload reference (tasks their upstream source ids too, so no imported answer finds them), and the tasks' open and leased slots are voided: nobody is
 * served, or may submit, a task whose content is gone. Answers already given stay (they are
 * the annotators' work, withdrawn from training by export's EXCLUDED label versions).
 */
@Injectable()
export class AssignmentCopiesEraser implements ItemCopiesEraser {
  /** @crossProject an erasure reaches the item in every project that holds it */
  async erase(tx: EntityManager, e: ItemErasure): Promise<number> {
    const tasks = await rows<{ task_id: string }>(
      tx,
      `UPDATE assignment.tasks SET masked_text = NULL, payload_ref = NULL, source = NULL, source_id = NULL, completed_at = coalesce(completed_at, now())
       WHERE item_id = $1 RETURNING task_id`,
      [e.itemId],
    );
    await tx.query(
      `UPDATE assignment.slots s SET state = 'void' FROM assignment.tasks t
       WHERE t.task_id = s.task_id AND t.item_id = $1 AND s.state IN ('open', 'leased')`,
      [e.itemId],
    );
    const gold = await rows<{ gold_id: string }>(
      tx,
      `UPDATE assignment.gold_items SET masked_text = NULL, payload_ref = NULL WHERE item_id = $1 RETURNING gold_id`,
      [e.itemId],
    );
    return tasks.length + gold.length;
  }
}
