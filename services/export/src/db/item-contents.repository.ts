import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { ContentReference, ContentReferenceSchema, ContentType, ObjectRef, ObjectRefSchema } from '@verity/contracts';
import { Db, rows } from '@verity/persistence';

export interface ItemContent {
  /** The content reference labels.v1 and releases carry: its payload is the masked copy. */
  content: ContentReference;
  /** The unmasked original, where the project keeps it; only raw releases name it. */
  originalRef?: ObjectRef;
  /** The masked text when items.v1 carried it inline (small texts: no payload in S3). */
  maskedText?: string;
  contentEventId: string;
  itemEventId: string;
  correlationId: string;
}

/** Where an item's masked text is: inline (kept from items.v1), or an S3 object (the masked copy). */
export interface MaskedTextSource {
  contentType: ContentType;
  inline: boolean;
  /** The inline text, when it was asked for. */
  text?: string;
  payload?: ObjectRef;
}

/**
 * Content references of the items seen on items.v1 (export's own copy; no cross-schema reads).
 * One row per item id, with no project column: an item matched by several projects has one
 * content, so these methods are keyed by item alone.
 */
@Injectable()
export class ItemContentsRepository {
  /** @crossProject item_contents has no project column: one content per item, whichever projects it joins */
  async upsert(db: Db, itemId: string, c: ItemContent): Promise<void> {
    await db.query(
      `INSERT INTO export.item_contents (item_id, content, content_sha256, content_event_id, item_event_id, correlation_id, original_ref, masked_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (item_id) DO UPDATE SET content = EXCLUDED.content, content_sha256 = EXCLUDED.content_sha256,
         content_event_id = EXCLUDED.content_event_id, item_event_id = EXCLUDED.item_event_id,
         correlation_id = EXCLUDED.correlation_id, original_ref = EXCLUDED.original_ref, masked_text = EXCLUDED.masked_text, received_at = now()`,
      [
        itemId,
        Buffer.from(toBinary(ContentReferenceSchema, c.content)),
        c.content.contentSha256,
        c.contentEventId,
        c.itemEventId,
        c.correlationId,
        c.originalRef ? Buffer.from(toBinary(ObjectRefSchema, c.originalRef)) : null,
        c.maskedText ?? null,
      ],
    );
  }

  /**
   * The unmasked originals' references of some items (those that have one).
   * @crossProject item_contents has no project column: one content per item, whichever projects it joins
   */
  async originalRefs(db: Db, itemIds: readonly string[]): Promise<Map<string, ObjectRef>> {
    const found = await rows<{ item_id: string; original_ref: Buffer }>(
      db,
      `SELECT item_id, original_ref FROM export.item_contents WHERE item_id = ANY($1) AND original_ref IS NOT NULL`,
      [itemIds],
    );
    return new Map(found.map((r) => [r.item_id, fromBinary(ObjectRefSchema, r.original_ref)]));
  }

  /**
   * Where the masked text of some items is: inline (`inline`, with the text itself when `withText`),
   * or the masked payload in S3 (`payload`, from the content reference); never the unmasked
   * original. Items export has no row for (erased, or never seen on items.v1) are absent from the
   * map. Without `withText` no text is read (a presence check).
   * @crossProject item_contents has no project column: one content per item, whichever projects it joins
   */
  async maskedTexts(db: Db, itemIds: readonly string[], withText = true): Promise<Map<string, MaskedTextSource>> {
    const found = await rows<{ item_id: string; content: Buffer | null; masked_text: string | null; inline: boolean }>(
      db,
      `SELECT item_id, CASE WHEN masked_text IS NULL THEN content END AS content,
              CASE WHEN $2 THEN masked_text END AS masked_text, masked_text IS NOT NULL AS inline
       FROM export.item_contents WHERE item_id = ANY($1)`,
      [itemIds, withText],
    );
    return new Map(
      found.map((r): [string, MaskedTextSource] => {
        if (r.inline) return [r.item_id, { contentType: ContentType.TEXT, inline: true, ...(r.masked_text !== null ? { text: r.masked_text } : {}) }];
        const content = fromBinary(ContentReferenceSchema, r.content!);
        return [r.item_id, { contentType: content.contentType, inline: false, payload: content.payload }];
      }),
    );
  }

  /** @crossProject item_contents has no project column: one content per item, whichever projects it joins */
  async find(db: Db, itemId: string): Promise<ItemContent | undefined> {
    return (await this.findMany(db, [itemId])).get(itemId);
  }

  /**
   * `find` for several items in one statement (one index probe each); items export has not seen are absent.
   * @crossProject item_contents has no project column: one content per item, whichever projects it joins
   */
  async findMany(db: Db, itemIds: readonly string[]): Promise<Map<string, ItemContent>> {
    const ids = [...new Set(itemIds)];
    if (ids.length === 0) return new Map();
    const found = await rows<{ item_id: string; content: Buffer; content_event_id: string; item_event_id: string; correlation_id: string }>(
      db,
      `SELECT c.item_id, c.content, c.content_event_id, c.item_event_id, c.correlation_id
       FROM unnest($1::text[]) AS k(item_id)
       CROSS JOIN LATERAL (
         SELECT i.item_id, i.content, i.content_event_id, i.item_event_id, i.correlation_id FROM export.item_contents i WHERE i.item_id = k.item_id
       ) c`,
      [ids],
    );
    return new Map(
      found.map((r): [string, ItemContent] => [
        r.item_id,
        { content: fromBinary(ContentReferenceSchema, r.content), contentEventId: r.content_event_id, itemEventId: r.item_event_id, correlationId: r.correlation_id },
      ]),
    );
  }
}
