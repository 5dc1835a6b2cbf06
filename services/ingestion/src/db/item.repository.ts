import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '@verity/persistence';
import { DATA_SOURCE } from '@verity/service-runtime';
import type { MaskSpan } from '@verity/pii';
import type { StoredRef } from '../adapters/payload-storage.service';

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

/** What identifies one content: its upstream ids and the sha256 of its body. */
export interface DedupKey {
  source: string;
  sourceId: string;
  sha256: string;
}

/** Provenance of one content event: which item it became (or duplicated). */
export interface ContentEventRow {
  eventId: string;
  itemId: string;
  duplicate: boolean;
  source: string;
  sourceId: string;
  producer: string;
}

/** Map key of a dedup key, and of an upstream id (`sourceKey`). */
export const dedupKeyOf = (k: DedupKey) => `${k.source}\u0000${k.sourceId}\u0000${k.sha256}`;
export const sourceKey = (source: string, sourceId: string) => `${source}\u0000${sourceId}`;

/**
 * ingestion.items, dedup_keys, item_projects and content_events (provenance). Every write takes
 * many rows and costs one statement whatever their number (a batch of content events).
 */
@Injectable()
export class ItemRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /**
   * The items already made from these contents, by `dedupKeyOf` (a read outside any transaction).
   *
   * @crossProject dedup keys belong to no project: one content is one item whatever projects it matches
   */
  async findByDedupKeys(keys: readonly DedupKey[]): Promise<Map<string, string>> {
    return this.holders(this.ds, keys);
  }

  /**
   * Claims each dedup key for its item (the first claim of a key in the list wins); returns, by
   * `dedupKeyOf`, the item holding every key afterwards (ours when claimed, another's when not).
   *
   * @crossProject dedup keys belong to no project: one content is one item whatever projects it matches
   */
  async claimDedupKeys(tx: EntityManager, claims: readonly { key: DedupKey; itemId: string }[]): Promise<Map<string, string>> {
    if (claims.length === 0) return new Map();
    await tx.query(
      `INSERT INTO ingestion.dedup_keys (source, source_id, content_sha256, item_id)
       SELECT k.source, k.source_id, k.sha256, k.item_id
       FROM unnest($1::text[], $2::text[], $3::char(64)[], $4::text[]) WITH ORDINALITY AS k(source, source_id, sha256, item_id, n)
       ORDER BY k.n
       ON CONFLICT DO NOTHING`,
      [claims.map((c) => c.key.source), claims.map((c) => c.key.sourceId), claims.map((c) => c.key.sha256), claims.map((c) => c.itemId)],
    );
    return this.holders(tx, claims.map((c) => c.key));
  }

  private async holders(db: DataSource | EntityManager, keys: readonly DedupKey[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const found = await rows<{ source: string; source_id: string; content_sha256: string; item_id: string }>(
      db,
      // One primary-key probe per key (LIMIT keeps the planner from a join that scans the whole table).
      `SELECT k.source, k.source_id, k.sha256 AS content_sha256, d.item_id
       FROM unnest($1::text[], $2::text[], $3::char(64)[]) AS k(source, source_id, sha256)
       CROSS JOIN LATERAL (SELECT item_id FROM ingestion.dedup_keys d
                           WHERE d.source = k.source AND d.source_id = k.source_id AND d.content_sha256 = k.sha256 LIMIT 1) d`,
      [keys.map((k) => k.source), keys.map((k) => k.sourceId), keys.map((k) => k.sha256)],
    );
    return new Map(found.map((r) => [dedupKeyOf({ source: r.source, sourceId: r.source_id, sha256: r.content_sha256 }), r.item_id]));
  }

  /**
   * The newest item of each upstream id (an earlier revision of the content), by `sourceKey`.
   *
   * @crossProject items belong to no project (memberships are item_projects): a revision follows its upstream id in every project
   */
  async latestOfSourceIds(tx: EntityManager, ids: readonly { source: string; sourceId: string }[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const found = await rows<{ source: string; source_id: string; item_id: string }>(
      tx,
      // One backward index probe (items_by_source) per upstream id.
      `SELECT k.source, k.source_id, l.item_id
       FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS k(source, source_id)
       CROSS JOIN LATERAL (SELECT item_id FROM ingestion.items i WHERE i.source = k.source AND i.source_id = k.source_id
                           ORDER BY i.created_at DESC, i.item_id DESC LIMIT 1) l`,
      [ids.map((k) => k.source), ids.map((k) => k.sourceId)],
    );
    return new Map(found.map((r) => [sourceKey(r.source, r.source_id), r.item_id]));
  }

  /**
   * Inserts the items and their project memberships (two statements).
   *
   * @crossProject a batch's items match many projects; each membership row inserts the project id its item matched
   */
  async insertMany(tx: EntityManager, items: readonly ItemRecord[]): Promise<void> {
    if (items.length === 0) return;
    const col = <T>(f: (i: ItemRecord) => T) => items.map(f);
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    await tx.query(
      `INSERT INTO ingestion.items (item_id, source, source_id, content_type, content_sha256, content_event_id,
         masked_text, payload_ref, original_ref, pii_masks, pii_spans, detected_language, language_confidence,
         language_hint, tags, metadata, matched_project_ids, previous_item_id)
       SELECT r.item_id, r.source, r.source_id, r.content_type, r.content_sha256, r.content_event_id,
         r.masked_text, r.payload_ref::jsonb, r.original_ref::jsonb, r.pii_masks::jsonb, r.pii_spans::jsonb, r.detected_language,
         r.language_confidence, r.language_hint, ARRAY(SELECT e FROM jsonb_array_elements_text(r.tags::jsonb) WITH ORDINALITY AS a(e, n) ORDER BY a.n), r.metadata::jsonb,
         ARRAY(SELECT e FROM jsonb_array_elements_text(r.matched::jsonb) WITH ORDINALITY AS a(e, n) ORDER BY a.n), r.previous_item_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::text[], $12::text[], $13::float8[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
         WITH ORDINALITY AS r(item_id, source, source_id, content_type, content_sha256, content_event_id, masked_text, payload_ref,
                              original_ref, pii_masks, pii_spans, detected_language, language_confidence, language_hint, tags,
                              metadata, matched, previous_item_id, n)
       ORDER BY r.n`,
      [
        col((i) => i.itemId),
        col((i) => i.source),
        col((i) => i.sourceId),
        col((i) => i.contentType),
        col((i) => i.contentSha256),
        col((i) => i.contentEventId),
        col((i) => i.maskedText ?? null),
        col((i) => json(i.payloadRef)),
        col((i) => json(i.originalRef)),
        col((i) => JSON.stringify(i.piiMasks)),
        col((i) => JSON.stringify(i.piiSpans)),
        col((i) => i.detectedLanguage ?? null),
        col((i) => i.languageConfidence ?? null),
        col((i) => i.languageHint ?? null),
        col((i) => JSON.stringify(i.tags)),
        col((i) => JSON.stringify(i.metadata)),
        col((i) => JSON.stringify(i.matchedProjectIds)),
        col((i) => i.previousItemId ?? null),
      ],
    );
    const memberships = items.flatMap((i) => i.matchedProjectIds.map((projectId) => ({ projectId, itemId: i.itemId })));
    if (memberships.length > 0) {
      await tx.query(`INSERT INTO ingestion.item_projects (project_id, item_id) SELECT * FROM unnest($1::text[], $2::text[])`, [
        memberships.map((m) => m.projectId),
        memberships.map((m) => m.itemId),
      ]);
    }
  }

  /**
   * Provenance rows (one statement); an event id already recorded is left as it is.
   *
   * @crossProject content events are upstream provenance, recorded before (and whatever) projects match
   */
  async recordContentEvents(tx: EntityManager, rows: readonly ContentEventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ingestion.content_events (event_id, item_id, duplicate, source, source_id, producer)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT (event_id) DO NOTHING`,
      [rows.map((e) => e.eventId), rows.map((e) => e.itemId), rows.map((e) => e.duplicate), rows.map((e) => e.source), rows.map((e) => e.sourceId), rows.map((e) => e.producer)],
    );
  }

  /** Ids of a project's items made from one upstream id (project-scoped read). */
  async itemIdsOfProject(projectId: string, source: string, sourceId: string): Promise<string[]> {
    const found = await rows<{ item_id: string }>(
      this.ds,
      `SELECT i.item_id FROM ingestion.item_projects ip JOIN ingestion.items i ON i.item_id = ip.item_id
       WHERE ip.project_id = $1 AND i.source = $2 AND i.source_id = $3 ORDER BY i.created_at`,
      [projectId, source, sourceId],
    );
    return found.map((r) => r.item_id);
  }
}
