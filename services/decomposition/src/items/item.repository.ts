import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ObjectRefSchema } from '@verity/contracts';
import type { ItemInProject } from '../tasks/task-event.factory';

export type ItemStatus = 'pending' | 'decomposed' | 'skipped';

interface Row {
  project_id: string;
  item_id: string;
  content_type: number;
  language: string | null;
  correlation_id: string;
  item_event_id: string;
  masked_text: string | null;
  payload_ref: Buffer | null;
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
});

const COLUMNS = 'project_id, item_id, content_type, language, correlation_id, item_event_id, masked_text, payload_ref';

/** decomposition.items: one row per (project, item). */
@Injectable()
export class ItemRepository {
  /** Records the item for the project; false when it was already there. */
  async insert(tx: EntityManager, i: ItemInProject & { itemEventId: string }, status: ItemStatus, ontologyVersion?: number) {
    const rows: unknown[] = await tx.query(
      `INSERT INTO decomposition.items
         (project_id, item_id, content_type, language, item_event_id, correlation_id, status, ontology_version, decomposed_at,
          masked_text, payload_ref)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7 = 'decomposed' THEN now() END, $9, $10)
       ON CONFLICT (project_id, item_id) DO NOTHING RETURNING item_id`,
      [
        i.projectId,
        i.itemId,
        i.contentType,
        i.language ?? null,
        i.itemEventId,
        i.correlationId,
        status,
        ontologyVersion ?? null,
        i.maskedText ?? null,
        i.payloadRef ? Buffer.from(toBinary(ObjectRefSchema, i.payloadRef)) : null,
      ],
    );
    return rows.length > 0;
  }

  async get(tx: EntityManager, projectId: string, itemId: string) {
    const rows: Row[] = await tx.query(
      `SELECT ${COLUMNS} FROM decomposition.items WHERE project_id = $1 AND item_id = $2`,
      [projectId, itemId],
    );
    return rows[0] ? toItem(rows[0]) : undefined;
  }

  /** The project's pending items, locked (one release at a time). */
  async lockPending(tx: EntityManager, projectId: string) {
    const rows: Row[] = await tx.query(
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
    args: { projectId: string; version: number; activeStatus: number; questionIds: readonly string[] | null; allDecomposed: boolean; after: string; limit: number },
  ) {
    const rows: (Row & { status: ItemStatus; ontology_version: number | null })[] = await tx.query(
      `SELECT ${COLUMNS}, status, ontology_version FROM decomposition.items i
       WHERE i.project_id = $1 AND i.item_id > $2
         AND (($3 AND i.status = 'decomposed' AND i.ontology_version < $4)
              OR EXISTS (SELECT 1 FROM decomposition.labels l
                         WHERE l.project_id = i.project_id AND l.item_id = i.item_id AND l.status = $5 AND l.ontology_version < $4
                           AND ($6::text[] IS NULL OR l.question_id = ANY($6::text[]))))
       ORDER BY i.item_id LIMIT $7`,
      [args.projectId, args.after, args.allDecomposed, args.version, args.activeStatus, args.questionIds, args.limit],
    );
    return rows.map((r) => ({ ...toItem(r), status: r.status, decomposedUnder: r.status === 'decomposed' ? (r.ontology_version ?? undefined) : undefined }));
  }
}
