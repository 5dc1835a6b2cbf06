import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProjectEvent } from '@verity/contracts';
import { PlatformMetrics, type ProjectSnapshotApplier, type SnapshotOutcome } from '@verity/service-runtime';
import { migrationMapOf, splitOptions } from '../domain/label-migration.rule';
import { MigrateLabelsUseCase } from './migrate-labels.use-case';
import { RawAccessRepository } from '../db/raw-access.repository';
import { ExcludeLabelsUseCase } from './exclude-labels.use-case';

/**
 * projects.v1 → the project's rawAccessRoles (RawAccessRepository), then MigrateLabelsUseCase (a
 * version's migration map: rename and merge rewrite labels), then ExcludeLabelsUseCase (relabel
 * policy EXCLUDE, for what the map leaves), in the one transaction of the event.
 */
@Injectable()
export class ApplyProjectSnapshotUseCase implements ProjectSnapshotApplier {
  constructor(
    private readonly exclude: ExcludeLabelsUseCase,
    private readonly migrate: MigrateLabelsUseCase,
    private readonly rawAccess: RawAccessRepository,
    private readonly metrics: PlatformMetrics,
  ) {}

  async apply(tx: EntityManager, p: ProjectEvent): Promise<SnapshotOutcome> {
    const now = new Date();
    const project = p.project!;
    const applied = await this.rawAccess.apply(tx, project);
    const migrated = (await this.migrate.execute(tx, p, now)).rewritten;
    const excluded = await this.exclude.execute(tx, p, now, splitOptions(migrationMapOf(p)?.entries ?? []));
    return { applied: applied || migrated + excluded > 0, enqueued: migrated + excluded, details: { migrated, excluded } };
  }

  /** Counted once committed: rewritten labels by their method, EXCLUDED versions as `excluded`. */
  afterCommit(outcome: SnapshotOutcome): void {
    const migrated = Number(outcome.details?.migrated ?? 0);
    const excluded = Number(outcome.details?.excluded ?? 0);
    if (migrated > 0) this.metrics.labelsPublished.inc({ method: 'ontology_migration' }, migrated);
    if (excluded > 0) this.metrics.labelsPublished.inc({ method: 'excluded' }, excluded);
  }
}
