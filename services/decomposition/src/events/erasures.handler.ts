import { Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import {
  EventRuntime,
  ItemErasure,
  itemErasedHandler,
  affectedRows,
  erasePublishedOutboxCopies,
} from '@verity/service-runtime';
import { EntityManager } from 'typeorm';

/**
 * The item's display content (masked text, payload reference) leaves its item rows, a pending
 * item is skipped (no task is made of erased content), and published tasks.v1 records of it
 * leave the outbox's audit copy.
 */
export async function eraseDecompositionCopies(tx: EntityManager, e: ItemErasure): Promise<number> {
  let rows = affectedRows(
    await tx.query(
      `UPDATE decomposition.items SET masked_text = NULL, payload_ref = NULL,
         status = CASE WHEN status = 'pending' THEN 'skipped' ELSE status END
       WHERE item_id = $1 AND (masked_text IS NOT NULL OR payload_ref IS NOT NULL OR status = 'pending')
       RETURNING item_id`,
      [e.itemId],
    ),
  );
  rows += await erasePublishedOutboxCopies(tx, 'decomposition', e.itemId, TOPICS.tasks.name);
  return rows;
}

/** erasures.v1 on its own group (`decomposition.erasures`). */
@Injectable()
export class ErasuresHandler implements OnModuleInit {
  constructor(private readonly runtime: EventRuntime) {}

  onModuleInit(): void {
    this.runtime
      .consumer({ groupSuffix: 'erasures', fromBeginning: true })
      .subscribe(
        TOPICS.erasures,
        itemErasedHandler(this.runtime, 'decomposition', eraseDecompositionCopies),
      );
  }
}
