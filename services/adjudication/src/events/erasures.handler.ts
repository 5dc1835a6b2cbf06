import { Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import {
  EventRuntime,
  ItemErasure,
  itemErasedHandler,
  affectedRows,
} from '@verity/service-runtime';
import { EntityManager } from 'typeorm';

/**
 * The item's adjudication requests lose the masked text and payload reference their stored
 * request event carried (protobuf JSON names), and adjudication's copy of its content
 * (item_contents) is deleted.
 * Verdicts stay: they are the experts' work, withdrawn from training by EXCLUDED label versions.
 */
export async function eraseAdjudicationCopies(tx: EntityManager, e: ItemErasure): Promise<number> {
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

/** erasures.v1 on its own group (`adjudication.erasures`). */
@Injectable()
export class ErasuresHandler implements OnModuleInit {
  constructor(private readonly runtime: EventRuntime) {}

  onModuleInit(): void {
    this.runtime
      .consumer({ groupSuffix: 'erasures', fromBeginning: true })
      .subscribe(
        TOPICS.erasures,
        itemErasedHandler(this.runtime, 'adjudication', eraseAdjudicationCopies),
      );
  }
}
