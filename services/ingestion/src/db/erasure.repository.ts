import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { row, rows } from '@verity/persistence';

interface Ref {
  bucket?: string;
  key?: string;
}

/** An S3 object only the erased item referred to. */
export interface ObjectToDelete {
  bucket: string;
  key: string;
}

/** ingestion's side of erasure: resolving a request to items, and blanking their content. */
@Injectable()
export class ErasureRepository {
  /** The project's items the request names (erased ones included, so a repeated request is idempotent). */
  async resolve(tx: EntityManager, projectId: string, by: { itemId?: string; source: string; sourceId: string }): Promise<string[]> {
    const found = by.itemId
      ? await rows<{ item_id: string }>(tx, `SELECT item_id FROM ingestion.item_projects WHERE project_id = $1 AND item_id = $2`, [projectId, by.itemId])
      : await rows<{ item_id: string }>(
          tx,
          `SELECT i.item_id FROM ingestion.item_projects ip JOIN ingestion.items i ON i.item_id = ip.item_id
           WHERE ip.project_id = $1 AND i.source = $2 AND i.source_id = $3 ORDER BY i.created_at, i.item_id`,
          [projectId, by.source, by.sourceId],
        );
    return found.map((r) => r.item_id);
  }

  /**
   * Blanks the item's content (text, payload and original references, PII spans, tags,
   * metadata) and marks it erased in every project that held it; returns the objects only it
   * referred to (objects are content-addressed, so another item may share one).
   *
   * @crossProject an erased item's content is one row shared by every project that holds it
   */
  async erase(tx: EntityManager, itemId: string): Promise<ObjectToDelete[]> {
    const item = await row<{ payload_ref: Ref | null; original_ref: Ref | null }>(
      tx,
      `SELECT payload_ref, original_ref FROM ingestion.items WHERE item_id = $1 FOR UPDATE`,
      [itemId],
    );
    if (!item) return [];
    await tx.query(`UPDATE ingestion.item_projects SET erased_at = coalesce(erased_at, now()) WHERE item_id = $1`, [itemId]);
    await tx.query(
      `UPDATE ingestion.items SET masked_text = NULL, payload_ref = NULL, original_ref = NULL, pii_spans = '[]',
         tags = '{}', metadata = '{}', erased_at = coalesce(erased_at, now()) WHERE item_id = $1`,
      [itemId],
    );
    const objects: ObjectToDelete[] = [];
    for (const ref of [item.payload_ref, item.original_ref]) {
      if (!ref?.key || objects.some((o) => o.key === ref.key)) continue;
      const shared = await row<{ n: number }>(
        tx,
        `SELECT count(*)::int AS n FROM ingestion.items WHERE payload_ref->>'key' = $1 OR original_ref->>'key' = $1`,
        [ref.key],
      );
      if (shared?.n === 0) objects.push({ bucket: ref.bucket ?? '', key: ref.key });
    }
    return objects;
  }
}
