import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { ContentReference, ContentReferenceSchema } from '@verity/contracts';
import { Db, row } from '../shared/db';

export interface ItemContent {
  content: ContentReference;
  contentEventId: string;
  itemEventId: string;
  correlationId: string;
}

/** Content references of the items seen on items.v1 (export's own copy; no cross-schema reads). */
@Injectable()
export class ItemContentsRepository {
  async upsert(db: Db, itemId: string, c: ItemContent): Promise<void> {
    await db.query(
      `INSERT INTO export.item_contents (item_id, content, content_sha256, content_event_id, item_event_id, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (item_id) DO UPDATE SET content = EXCLUDED.content, content_sha256 = EXCLUDED.content_sha256,
         content_event_id = EXCLUDED.content_event_id, item_event_id = EXCLUDED.item_event_id,
         correlation_id = EXCLUDED.correlation_id, received_at = now()`,
      [
        itemId,
        Buffer.from(toBinary(ContentReferenceSchema, c.content)),
        c.content.contentSha256,
        c.contentEventId,
        c.itemEventId,
        c.correlationId,
      ],
    );
  }

  async find(db: Db, itemId: string): Promise<ItemContent | undefined> {
    const r = await row<{ content: Buffer; content_event_id: string; item_event_id: string; correlation_id: string }>(
      db,
      `SELECT content, content_event_id, item_event_id, correlation_id FROM export.item_contents WHERE item_id = $1`,
      [itemId],
    );
    if (!r) return undefined;
    return {
      content: fromBinary(ContentReferenceSchema, r.content),
      contentEventId: r.content_event_id,
      itemEventId: r.item_event_id,
      correlationId: r.correlation_id,
    };
  }
}
