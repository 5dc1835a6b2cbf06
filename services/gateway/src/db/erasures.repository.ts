import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { rows } from '@verity/persistence';
import { ERASURE_HOLDERS } from '../domain/erasure-holders.rule';
import type { ErasureStatus, ErasureView } from '../http/erasure.schemas';

export interface NewErasure {
  erasureId: string;
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

  async insert(tx: EntityManager, projectId: string, e: NewErasure): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.erasures (erasure_id, project_id, item_id, source, source_id, requested_by, requested_by_kind, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.erasureId, projectId, e.itemId ?? null, e.source ?? null, e.sourceId ?? null, e.requestedBy, e.requestedByKind, e.requestedAt],
    );
  }

  /** Ingestion's resolution of the project's erasure; the first one wins (a redelivered step changes nothing). */
  async resolve(tx: EntityManager, projectId: string, erasureId: string, itemIds: string[]): Promise<void> {
    await tx.query(
      `UPDATE gateway.erasures SET item_ids = $2::text[], resolved_at = now() WHERE erasure_id = $1 AND project_id = $3 AND resolved_at IS NULL`,
      [erasureId, itemIds, projectId],
    );
  }

  /** One holder's step of the project's erasure; a step of an erasure the project did not ask for is not recorded. */
  async recordStep(tx: EntityManager, projectId: string, erasureId: string, itemId: string, service: string, rows: number): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.erasure_steps (erasure_id, item_id, service, rows)
       SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM gateway.erasures WHERE erasure_id = $1 AND project_id = $5)
       ON CONFLICT DO NOTHING`,
      [erasureId, itemId, service, rows, projectId],
    );
  }

  async list(projectId: string, limit: number): Promise<ErasureView[]> {
    const found = await rows<ErasureRow>(
      this.ds,
      `SELECT * FROM gateway.erasures WHERE project_id = $1 ORDER BY requested_at DESC, erasure_id DESC LIMIT $2`,
      [projectId, limit],
    );
    return this.views(found);
  }

  async get(projectId: string, erasureId: string): Promise<ErasureView | undefined> {
    const found = await rows<ErasureRow>(this.ds, `SELECT * FROM gateway.erasures WHERE project_id = $1 AND erasure_id = $2`, [projectId, erasureId]);
    return (await this.views(found))[0];
  }

  /** Erasures read by project above; their steps are reached through those erasures' ids. */
  private async views(erasures: ErasureRow[]): Promise<ErasureView[]> {
    if (erasures.length === 0) return [];
    const steps = await rows<StepRow>(
      this.ds,
      `SELECT erasure_id, service, count(*)::int AS items, sum(rows)::int AS rows, max(applied_at) AS last_applied_at
       FROM gateway.erasure_steps WHERE erasure_id = ANY($1::text[]) GROUP BY erasure_id, service`,
      [erasures.map((r) => r.erasure_id)],
    );
    return erasures.map((r) => {
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
