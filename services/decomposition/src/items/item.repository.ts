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
}
