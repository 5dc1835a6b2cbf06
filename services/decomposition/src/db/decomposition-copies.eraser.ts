import { Injectable } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { rows } from '@verity/persistence';
import { type ItemCopiesEraser, type ItemErasure, erasePublishedOutboxCopies } from '@verity/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * The item's display content (masked text, payload reference) and its upstream source ids leave its item rows, a pending
 * item is skipped (no task is made of erased content), and published tasks.v1 records of it
 * leave the outbox's audit copy.
 */
@Injectable()
export class DecompositionCopiesEraser implements ItemCopiesEraser {
  /** @crossProject an erased item leaves every project that holds it */
  async erase(tx: EntityManager, e: ItemErasure): Promise<number> {
    const blanked = await rows<{ item_id: string }>(
      tx,
      `UPDATE decomposition.items SET masked_text = NULL, payload_ref = NULL, source = NULL, source_id = NULL,
         status = CASE WHEN status = 'pending' THEN 'skipped' ELSE status END
       WHERE item_id = $1 AND (masked_text IS NOT NULL OR payload_ref IS NOT NULL OR source_id IS NOT NULL OR status = 'pending')
       RETURNING item_id`,
      [e.itemId],
    );
    return blanked.length + (await erasePublishedOutboxCopies(tx, 'decomposition', e.itemId, TOPICS.tasks.name));
  }
}
