import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProjectEvent } from '@verity/contracts';
import type { ProjectSnapshotApplier, SnapshotOutcome } from '@verity/service-runtime';
import { IngestionStats } from '../domain/ingestion.stats';
import { ProjectCopyRepository } from '../db/project-copy.repository';

/**
 * Applies one projects.v1 snapshot to the local copy; a stale revision changes nothing. The copy
 * lives in Postgres, which all instances read, so one writer is enough; each instance's catalog
 * sees a change from its next content batch on (`ProjectCatalog`).
 */
@Injectable()
export class ApplyProjectSnapshotUseCase implements ProjectSnapshotApplier {
  constructor(
    private readonly repo: ProjectCopyRepository,
    private readonly stats: IngestionStats,
  ) {}

  async apply(tx: EntityManager, event: ProjectEvent): Promise<SnapshotOutcome> {
    return { applied: await this.repo.upsertIfNewer(tx, event.project!) };
  }

  afterCommit(outcome: SnapshotOutcome): void {
    if (outcome.applied) this.stats.projectSnapshotsApplied++;
    else this.stats.projectSnapshotsStale++;
  }
}
