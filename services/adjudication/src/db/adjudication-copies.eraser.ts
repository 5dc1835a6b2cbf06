import { Injectable } from '@nestjs/common';
import { rows } from '@verity/persistence';
import { type ItemCopiesEraser, type ItemErasure } from '@verity/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * The item's adjudication requests lose the masked text and payload reference their stored
 * request event carried (protobuf JSON names), and adjudication's copy of its content
 * (item_contents) is deleted.
 * Verdicts stay: they are the experts' work, withdrawn from training by EXCLUDED label versions.
 */
@Injectable()
export class AdjudicationCopiesEraser implements ItemCopiesEraser {
  /** @crossProject an erasure reaches the item in every project that holds it */
  async erase(tx: EntityManager, e: ItemErasure): Promise<number> {
    const requests = await rows<{ request_id: string }>(
      tx,
      `UPDATE adjudication.requests SET event = (event - 'maskedText' - 'payloadRef') #- '{content,payload}'
       WHERE item_id = $1 RETURNING request_id`,
      [e.itemId],
    );
    const contents = await rows<{ item_id: string }>(tx, `DELETE FROM adjudication.item_contents WHERE item_id = $1 RETURNING item_id`, [
      e.itemId,
    ]);
    return requests.length + contents.length;
  }
}
