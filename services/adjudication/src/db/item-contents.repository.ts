import { Injectable } from '@nestjs/common';
import { toJson } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ContentReferenceSchema, ObjectRefSchema, type ItemEvent } from '@verity/contracts';
import { type Queryable, row } from '@verity/persistence';

/** What the expert view shows of an item when the request carries no content (protobuf JSON). */
export interface ItemContentRow {
  itemId: string;
  content: unknown;
  maskedText: string | null;
  payloadRef: unknown;
  contentEventId: string;
}

/**
 * adjudication.item_contents: adjudication's own copy of items.v1 (no cross-schema reads). One row
 * per item, whatever the number of projects it matched (ItemEvent.matched_project_ids): the table
 * has no project column, so its methods are cross-project; the expert routes read it only for the
 * item of a request they loaded in a project whose membership they checked.
 */
@Injectable()
export class ItemContentsRepository {
  /**
   * Idempotent upsert; a redelivered older event never replaces a newer one.
   * @crossProject an item's content is kept once for every project it matched (items.v1 carries no single project)
   */
  async upsert(db: Queryable, e: ItemEvent): Promise<void> {
    const occurredAt = e.envelope?.occurredAt ? timestampDate(e.envelope.occurredAt) : new Date();
    await db.query(
      `INSERT INTO adjudication.item_contents AS cur (item_id, content, masked_text, payload_ref, detected_language,
         content_event_id, item_event_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (item_id) DO UPDATE SET content = EXCLUDED.content, masked_text = EXCLUDED.masked_text,
         payload_ref = EXCLUDED.payload_ref, detected_language = EXCLUDED.detected_language,
         content_event_id = EXCLUDED.content_event_id, item_event_id = EXCLUDED.item_event_id,
         occurred_at = EXCLUDED.occurred_at, received_at = now()
       WHERE cur.occurred_at <= EXCLUDED.occurred_at`,
      [
        e.itemId,
        e.content ? JSON.stringify(toJson(ContentReferenceSchema, e.content)) : null,
        e.maskedText ?? null,
        e.payloadRef ? JSON.stringify(toJson(ObjectRefSchema, e.payloadRef)) : null,
        e.detectedLanguage ?? null,
        e.contentEventId,
        e.envelope?.eventId ?? '',
        occurredAt,
      ],
    );
  }

  /** @crossProject item_contents has no project column (one row per item); callers pass the item of a request read in its project */
  async find(db: Queryable, itemId: string): Promise<ItemContentRow | null> {
    const found = await row<ItemContentRow>(
      db,
      `SELECT item_id AS "itemId", content, masked_text AS "maskedText", payload_ref AS "payloadRef", content_event_id AS "contentEventId"
       FROM adjudication.item_contents WHERE item_id = $1`,
      [itemId],
    );
    return found ?? null;
  }
}
