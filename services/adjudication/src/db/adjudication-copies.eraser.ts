import { Injectable } from '@nestjs/common';
import { type ItemCopiesEraser, type ItemErasure, affectedRows } from '@verity/service-runtime';
import type { EntityManager } from 'typeorm';

/**
 * The item's adjudication requests lose the masked text and payload reference their stored
 * request event carried (protobuf JSON names), and adjudication's copy of its content
 * (item_contents) is deleted.
 * Verdicts stay: they are the experts' work, withdrawn from training by EXCLUDED label versions.
 */
@Injectable()
export class AdjudicationCopiesEraser implements ItemCopiesEraser {
  async erase(tx: EntityManager, e: ItemErasure): Promise<number> {
    let rows = affectedRows(
      await tx.query(
        `UPDATE adjudication.requests SET event = (event - 'maskedText' - 'payloadRef') #- '{content,payload}'
         WHERE item_id = $1 RETURNING request_id`,
        [e.itemId],
      ),
    );
    rows += affectedRows(
      await tx.query(`DELETE FROM adjudication.item_contents WHERE item_id = $1 RETURNING item_id`, [
        e.itemId,
      ]),
    );
    return rows;
  }
}
