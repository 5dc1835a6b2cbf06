import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import type { MaskSpan } from '@verity/pii';
import type { StoredRef } from './payload-storage.service';

/** An item as ingestion stores it. */
export interface ItemRecord {
  itemId: string;
  source: string;
  sourceId: string;
  contentType: number;
  contentSha256: string;
  contentEventId: string;
  maskedText?: string;
  payloadRef?: StoredRef;
  originalRef?: StoredRef;
  piiMasks: { kind: string; name: string; count: number }[];
  piiSpans: MaskSpan[];
  detectedLanguage?: string;
  languageConfidence?: number;
  languageHint?: string;
  tags: string[];
  metadata: Record<string, string>;
  matchedProjectIds: string[];
  previousItemId?: string;
}

/** ingestion.items, dedup_keys, item_projects and content_events (provenance). */
@Injectable()
export class ItemRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** The item already made from this content, if any (a read outside any transaction). */
  async findByDedupKey(source: string, sourceId: string, sha256: string): Promise<string | undefined> {
    const rows: { item_id: string }[] = await this.ds.query(
      `SELECT item_id FROM ingestion.dedup_keys WHERE source = $1 AND source_id = $2 AND content_sha256 = $3`,
      [source, sourceId, sha256],
    );
    return rows[0]?.item_id;
  }

  /** Claims the dedup key for itemId; returns the item that holds it when another already does. */
  async claimDedupKey(
    tx: EntityManager,
    key: { source: string; sourceId: string; sha256: string },
    itemId: string,
  ): Promise<{ claimed: true } | { claimed: false; itemId: string }> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO ingestion.dedup_keys (source, source_id, content_sha256, item_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING item_id`,
      [key.source, key.sourceId, key.sha256, itemId],
    );
    if (rows.length > 0) return { claimed: true };
    const holder = await tx.query(
      `SELECT item_id FROM ingestion.dedup_keys WHERE source = $1 AND source_id = $2 AND content_sha256 = $3`,
      [key.source, key.sourceId, key.sha256],
    );
    return { claimed: false, itemId: holder[0].item_id };
  }

  /** The newest item of the same upstream id (an earlier revision of the content). */
  async latestOfSourceId(tx: EntityManager, source: string, sourceId: string): Promise<string | undefined> {
    const rows: { item_id: string }[] = await tx.query(
      `SELECT item_id FROM ingestion.items WHERE source = $1 AND source_id = $2 ORDER BY created_at DESC, item_id DESC LIMIT 1`,
      [source, sourceId],
    );
    return rows[0]?.item_id;
  }

  async insert(tx: EntityManager, i: ItemRecord): Promise<void> {
    await tx.query(
      `INSERT INTO ingestion.items (item_id, source, source_id, content_type, content_sha256, content_event_id,
         masked_text, payload_ref, original_ref, pii_masks, pii_spans, detected_language, language_confidence,
         language_hint, tags, metadata, matched_project_ids, previous_item_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        i.itemId,
        i.source,
        i.sourceId,
        i.contentType,
        i.contentSha256,
        i.contentEventId,
        i.maskedText ?? null,
        i.payloadRef ? JSON.stringify(i.payloadRef) : null,
        i.originalRef ? JSON.stringify(i.originalRef) : null,
        JSON.stringify(i.piiMasks),
        JSON.stringify(i.piiSpans),
        i.detectedLanguage ?? null,
        i.languageConfidence ?? null,
        i.languageHint ?? null,
        i.tags,
        JSON.stringify(i.metadata),
        i.matchedProjectIds,
        i.previousItemId ?? null,
      ],
    );
    if (i.matchedProjectIds.length > 0) {
      await tx.query(
        `INSERT INTO ingestion.item_projects (project_id, item_id) SELECT unnest($1::text[]), $2`,
        [i.matchedProjectIds, i.itemId],
      );
    }
  }

  /** Provenance: which content event became (or duplicated) which item. */
  async recordContentEvent(
    tx: EntityManager,
    e: { eventId: string; itemId: string; duplicate: boolean; source: string; sourceId: string; producer: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ingestion.content_events (event_id, item_id, duplicate, source, source_id, producer)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, e.itemId, e.duplicate, e.source, e.sourceId, e.producer],
    );
  }

  /** Ids of a project's items made from one upstream id (project-scoped read). */
  async itemIdsOfProject(projectId: string, source: string, sourceId: string): Promise<string[]> {
    const rows: { item_id: string }[] = await this.ds.query(
      `SELECT i.item_id FROM ingestion.item_projects ip JOIN ingestion.items i ON i.item_id = ip.item_id
       WHERE ip.project_id = $1 AND i.source = $2 AND i.source_id = $3 ORDER BY i.created_at`,
      [projectId, source, sourceId],
    );
    return rows.map((r) => r.item_id);
  }
}
