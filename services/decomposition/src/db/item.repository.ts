import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ObjectRefSchema } from '@verity/contracts';
import { rows as readRows } from '@verity/persistence';
import type { ItemInProject } from '../events/task-event.factory';

export type ItemStatus = 'pending' | 'decomposed' | 'skipped';

/** An item to record for a project, with its status (and the version it was decomposed under). */
export interface NewItemRow {
  item: ItemInProject & { itemEventId: string };
  status: ItemStatus;
  ontologyVersion?: number;
}

interface Row {
  project_id: string;
  item_id: string;
  content_type: number;
  language: string | null;
  correlation_id: string;
  item_event_id: string;
  masked_text: string | null;
  payload_ref: Buffer | null;
  source: string | null;
  source_id: string | null;
}

const toItem = (r: Row): ItemInProject & { itemEventId: string } => ({
  projectId: r.project_id,
  itemId: r.item_id,
  contentType: r.content_type,
  language: r.language ?? undefined,
  correlationId: r.correlation_id,
  itemEventId: r.item_event_id,
  maskedText: r.masked_text ?? undefined,
  payloadRef: r.payload_ref ? fromBinary(ObjectRefSchema, r.payload_ref) : undefined,
  source: r.source ?? undefined,
  sourceId: r.source_id ?? undefined,
});

const COLUMNS = 'project_id, item_id, content_type, language, correlation_id, item_event_id, masked_text, payload_ref, source, source_id';

/** decomposition.items: one row per (project, item). */
@Injectable()
export class ItemRepository {
  /** Records the item for the project; false when it was already there. */
  async insert(
    tx: EntityManager,
    projectId: string,
    i: Omit<ItemInProject, 'projectId'> & { itemEventId: string },
    status: ItemStatus,
    ontologyVersion?: number,
  ): Promise<boolean> {
    const [inserted] = await this.insertMany(tx, [{ item: { ...i, projectId }, status, ontologyVersion }]);
    return inserted;
  }

  /**
   * Records items (one statement); returns, per row, whether it was new. A (project, item) already
   * there, or earlier in the list, is left as it is.
   *
   * @crossProject one item event matches several projects, recorded in one statement; each row inserts its own project id
   */
  async insertMany(tx: EntityManager, rows: readonly NewItemRow[]): Promise<boolean[]> {
    if (rows.length === 0) return [];
    const col = <T>(f: (r: NewItemRow) => T) => rows.map(f);
    const inserted = await readRows<{ project_id: string; item_id: string }>(
      tx,
      `INSERT INTO decomposition.items
         (project_id, item_id, content_type, language, item_event_id, correlation_id, status, ontology_version, decomposed_at,
          masked_text, payload_ref, source, source_id)
       SELECT r.project_id, r.item_id, r.content_type, r.language, r.item_event_id, r.correlation_id, r.status, r.ontology_version,
         CASE WHEN r.status = 'decomposed' THEN now() END, r.masked_text, r.payload_ref, r.source, r.source_id
       FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::bytea[],
                   $11::text[], $12::text[])
         WITH ORDINALITY AS r(project_id, item_id, content_type, language, item_event_id, correlation_id, status, ontology_version, masked_text, payload_ref,
                              source, source_id, n)
       ORDER BY r.n
       ON CONFLICT (project_id, item_id) DO NOTHING RETURNING project_id, item_id`,
      [
        col((r) => r.item.projectId),
        col((r) => r.item.itemId),
        col((r) => r.item.contentType),
        col((r) => r.item.language ?? null),
        col((r) => r.item.itemEventId),
        col((r) => r.item.correlationId),
        col((r) => r.status),
        col((r) => r.ontologyVersion ?? null),
        col((r) => r.item.maskedText ?? null),
        col((r) => (r.item.payloadRef ? Buffer.from(toBinary(ObjectRefSchema, r.item.payloadRef)) : null)),
        col((r) => r.item.source ?? null),
        col((r) => r.item.sourceId ?? null),
      ],
    );
    const fresh = new Set(inserted.map((r) => `${r.project_id}\u0000${r.item_id}`));
    // The first row of a (project, item) is the one inserted.
    return rows.map((r) => fresh.delete(`${r.item.projectId}\u0000${r.item.itemId}`));
  }

  async get(tx: EntityManager, projectId: string, itemId: string) {
    const rows = await readRows<Row>(
      tx,
      `SELECT ${COLUMNS} FROM decomposition.items WHERE project_id = $1 AND item_id = $2`,
      [projectId, itemId],
    );
    return rows[0] ? toItem(rows[0]) : undefined;
  }

  /** The project's pending items, locked (one release at a time). */
  async lockPending(tx: EntityManager, projectId: string) {
    const rows = await readRows<Row>(
      tx,
      `SELECT ${COLUMNS} FROM decomposition.items WHERE project_id = $1 AND status = 'pending' ORDER BY created_at FOR UPDATE`,
      [projectId],
    );
    return rows.map(toItem);
  }

  async markDecomposed(tx: EntityManager, projectId: string, itemId: string, ontologyVersion: number) {
    await tx.query(
      `UPDATE decomposition.items SET status = 'decomposed', ontology_version = $3, decomposed_at = now()
       WHERE project_id = $1 AND item_id = $2`,
      [projectId, itemId, ontologyVersion],
    );
  }

  /**
   * One page (keyset on item_id) of the items a new version may ask again: those with an active
   * label decided under an older version (of one of `questionIds`, or any question when null),
   * and, when `decomposedBefore` is set, every item decomposed under an older version (new
   * questions of a RELABEL version). With the version each was decomposed under.
   */
  async pageForRequeue(
    tx: EntityManager,
    projectId: string,
    args: { version: number; activeStatus: number; questionIds: readonly string[] | null; allDecomposed: boolean; after: string; limit: number },
  ) {
    const rows = await readRows<Row & { status: ItemStatus; ontology_version: number | null }>(
      tx,
      `SELECT ${COLUMNS}, status, ontology_version FROM decomposition.items i
       WHERE i.project_id = $1 AND i.item_id > $2
         AND (($3 AND i.status = 'decomposed' AND i.ontology_version < $4)
              OR EXISTS (SELECT 1 FROM decomposition.labels l
                         WHERE l.project_id = i.project_id AND l.item_id = i.item_id AND l.status = $5 AND l.ontology_version < $4
                           AND ($6::text[] IS NULL OR l.question_id = ANY($6::text[]))))
       ORDER BY i.item_id LIMIT $7`,
      [projectId, args.after, args.allDecomposed, args.version, args.activeStatus, args.questionIds, args.limit],
    );
    return rows.map((r) => ({ ...toItem(r), status: r.status, decomposedUnder: r.status === 'decomposed' ? (r.ontology_version ?? undefined) : undefined }));
  }
}
