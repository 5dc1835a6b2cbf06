import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { ERASURE_HOLDERS } from '../domain/erasure-holders.rule';
import type { ErasureStatus, ErasureView } from '../http/erasure.schemas';

export interface NewErasure {
  erasureId: string;
  projectId: string;
  itemId?: string;
  source?: string;
  sourceId?: string;
  requestedBy: string;
  requestedByKind: 'user' | 'api_key';
  requestedAt: Date;
}

interface ErasureRow {
  erasure_id: string;
  project_id: string;
  item_id: string | null;
  source: string | null;
  source_id: string | null;
  requested_by: string;
  requested_by_kind: 'user' | 'api_key';
  requested_at: Date;
  item_ids: string[] | null;
  resolved_at: Date | null;
}

interface StepRow {
  erasure_id: string;
  service: string;
  items: number;
  rows: number;
  last_applied_at: Date | null;
}

/** gateway.erasures (the audit log) and gateway.erasure_steps; every read is scoped by project. */
@Injectable()
export class ErasuresRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async insert(tx: EntityManager, e: NewErasure): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.erasures (erasure_id, project_id, item_id, source, source_id, requested_by, requested_by_kind, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.erasureId, e.projectId, e.itemId ?? null, e.source ?? null, e.sourceId ?? null, e.requestedBy, e.requestedByKind, e.requestedAt],
    );
  }

  /** Ingestion's resolution; the first one wins (a redelivered step changes nothing). */
  async resolve(tx: EntityManager, erasureId: string, itemIds: string[]): Promise<void> {
    await tx.query(
      `UPDATE gateway.erasures SET item_ids = $2::text[], resolved_at = now() WHERE erasure_id = $1 AND resolved_at IS NULL`,
      [erasureId, itemIds],
    );
  }

  async recordStep(tx: EntityManager, erasureId: string, itemId: string, service: string, rows: number): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.erasure_steps (erasure_id, item_id, service, rows)
       SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM gateway.erasures WHERE erasure_id = $1)
       ON CONFLICT DO NOTHING`,
      [erasureId, itemId, service, rows],
    );
  }

  async list(projectId: string, limit: number): Promise<ErasureView[]> {
    const rows: ErasureRow[] = await this.ds.query(
      `SELECT * FROM gateway.erasures WHERE project_id = $1 ORDER BY requested_at DESC, erasure_id DESC LIMIT $2`,
      [projectId, limit],
    );
    return this.views(rows);
  }

  async get(projectId: string, erasureId: string): Promise<ErasureView | undefined> {
    const rows: ErasureRow[] = await this.ds.query(`SELECT * FROM gateway.erasures WHERE project_id = $1 AND erasure_id = $2`, [
      projectId,
      erasureId,
    ]);
    return (await this.views(rows))[0];
  }

  private async views(rows: ErasureRow[]): Promise<ErasureView[]> {
    if (rows.length === 0) return [];
    const steps: StepRow[] = await this.ds.query(
      `SELECT erasure_id, service, count(*)::int AS items, sum(rows)::int AS rows, max(applied_at) AS last_applied_at
       FROM gateway.erasure_steps WHERE erasure_id = ANY($1::text[]) GROUP BY erasure_id, service`,
      [rows.map((r) => r.erasure_id)],
    );
    return rows.map((r) => {
      const mine = steps.filter((s) => s.erasure_id === r.erasure_id);
      const services = ERASURE_HOLDERS.map((service) => {
        const s = mine.find((m) => m.service === service);
        return { service, itemsDone: s?.items ?? 0, rows: s?.rows ?? 0, lastAppliedAt: s?.last_applied_at?.toISOString() ?? null };
      });
      return {
        erasureId: r.erasure_id,
        projectId: r.project_id,
        itemId: r.item_id,
        source: r.source,
        sourceId: r.source_id,
        requestedBy: r.requested_by,
        requestedByKind: r.requested_by_kind,
        requestedAt: r.requested_at.toISOString(),
        status: statusOf(r.item_ids, services),
        itemIds: r.item_ids,
        resolvedAt: r.resolved_at?.toISOString() ?? null,
        services,
      };
    });
  }
}

/** pending until resolved; then not_found, in_progress, or completed when every holder did every item. */
export function statusOf(itemIds: string[] | null, services: { itemsDone: number }[]): ErasureStatus {
  if (itemIds === null) return 'pending';
  if (itemIds.length === 0) return 'not_found';
  return services.every((s) => s.itemsDone >= itemIds.length) ? 'completed' : 'in_progress';
}
