import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProjectEvent, TOPICS } from '@verity/contracts';
import { MessageContext } from '@verity/messaging';
import { EventRuntime, PlatformMetrics } from '@verity/service-runtime';
import { migrationMapOf, splitOptions } from '../label-migrations/label-migration';
import { MigrateLabelsUseCase } from '../label-migrations/migrate-labels.use-case';
import { RawAccessRepository } from '../releases/raw-access.repository';
import { ExcludeLabelsUseCase } from './exclude-labels.use-case';

/**
 * Kafka edge: projects.v1 → MigrateLabelsUseCase (a version's migration map: rename and merge
 * rewrite labels), then ExcludeLabelsUseCase (relabel policy EXCLUDE, for what the map leaves),
 * and the project's rawAccessRoles (RawAccessRepository), in one transaction, once per event id.
 */
@Injectable()
export class ProjectsHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly exclude: ExcludeLabelsUseCase,
    private readonly migrate: MigrateLabelsUseCase,
    private readonly rawAccess: RawAccessRepository,
    private readonly metrics: PlatformMetrics,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('export.projects');
    this.runtime.consumer({ groupSuffix: 'projects' }).subscribe(TOPICS.projects, async (p: ProjectEvent, ctx: MessageContext) => {
      let migrated = 0;
      let excluded = 0;
      await inbox.once(ctx, async (tx) => {
        const now = new Date();
        if (p.project) await this.rawAccess.apply(tx, p.project);
        migrated = (await this.migrate.execute(tx, p, now)).rewritten;
        excluded = await this.exclude.execute(tx, p, now, splitOptions(migrationMapOf(p)?.entries ?? []));
      });
      // Counted once committed: rewritten labels by their method, EXCLUDED versions as `excluded`.
      if (migrated > 0) this.metrics.labelsPublished.inc({ method: 'ontology_migration' }, migrated);
      if (excluded > 0) this.metrics.labelsPublished.inc({ method: 'excluded' }, excluded);
      if (migrated + excluded > 0) this.runtime.relay.kick();
    });
  }
}
