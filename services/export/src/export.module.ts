import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { itemErasureProviders, ItemErasuresConsumer, PlatformModule, projectSnapshotProviders, ProjectSnapshotsConsumer, ProjectStatsController, projectStatsProviders } from '@verity/service-runtime';
import { ExcludeErasedItemUseCase } from './use-cases/exclude-erased-item.use-case';
import { ReleaseErasuresRepository } from './db/release-erasures.repository';
import { CreateReleaseErasures1766200000000 } from './migrations/1766200000000-create-release-erasures';
import { MaskedContentRefs1766400000000 } from './migrations/1766400000000-masked-content-refs';
import { ReleaseLabelsWithoutRowChecks1766500000000 } from './migrations/1766500000000-release-labels-without-row-checks';
import { ItemMaskedText1766600000000 } from './migrations/1766600000000-item-masked-text';
import { WeakSupervisionSource1767700000000 } from './migrations/1767700000000-weak-supervision-source';
import { ReleaseReservations1767800000000 } from './migrations/1767800000000-release-reservations';
import { ReleaseReservationSweeper } from './jobs/release-reservation-sweeper.job';
import { LabelStudioExportUseCase } from './use-cases/label-studio-export.use-case';
import { MaskedTextReader } from './adapters/masked-text.reader';
import { RawAccessRepository } from './db/raw-access.repository';
import { AuditController } from './http/audit.controller';
import { LabelHistoryUseCase } from './use-cases/label-history.use-case';
import { EXPORT_CONFIG, ExportConfig } from './export.settings';
import { ItemContentsRepository } from './db/item-contents.repository';
import { ItemsHandler } from './events/items.handler';
import { DecisionsHandler } from './events/decisions.handler';
import { ExcludeLabelsUseCase } from './use-cases/exclude-labels.use-case';
import { ApplyProjectSnapshotUseCase } from './use-cases/apply-project-snapshot.use-case';
import { LabelVersionsRepository } from './db/label-versions.repository';
import { RecordDecisionUseCase } from './use-cases/record-decision.use-case';
import { CreateExportTables1765100000000 } from './migrations/1765100000000-create-export-tables';
import { ReleaseStore } from './adapters/release.store';
import { ReleasesController } from './http/releases.controller';
import { ReleasesRepository } from './db/releases.repository';
import { CreateReleaseUseCase } from './use-cases/create-release.use-case';
import { ReadReleasesUseCase } from './use-cases/read-releases.use-case';
import { ReexportReleaseUseCase } from './use-cases/reexport-release.use-case';
import { VerifyReleaseUseCase } from './use-cases/verify-release.use-case';
import { ReleaseDiff1765710000000 } from './migrations/1765710000000-release-diff';
import { ReleaseDiffRepository } from './db/release-diff.repository';
import { DiffReleasesUseCase } from './use-cases/diff-releases.use-case';
import { ReleaseFileUseCase } from './use-cases/release-file.use-case';
import { CreateOntologyMigrations1765720000000 } from './migrations/1765720000000-create-ontology-migrations';
import { MigrationMapsRepository } from './db/migration-maps.repository';
import { MigrateLabelsUseCase } from './use-cases/migrate-labels.use-case';

import { ExportDashboardStats1765800000000 } from './migrations/1765800000000-export-dashboard-stats';
import { ExportProjectStatsUseCase } from './use-cases/project-stats.use-case';
/**
 * Versioned export: decisions.v1 → label versions with provenance → labels.v1 (the public
 * training contract); immutable dataset releases in S3 announced on releases.v1; the audit API.
 */
/** Export's schema migrations, in order (the module runs them; so does the release benchmark). */
export const EXPORT_MIGRATIONS = [CreateExportTables1765100000000, ReleaseDiff1765710000000, CreateOntologyMigrations1765720000000, ExportDashboardStats1765800000000, CreateReleaseErasures1766200000000, MaskedContentRefs1766400000000, ReleaseLabelsWithoutRowChecks1766500000000, ItemMaskedText1766600000000, WeakSupervisionSource1767700000000, ReleaseReservations1767800000000];

@Module({})
export class ExportModule {
  static register(config: ExportConfig): DynamicModule {
    return {
      module: ExportModule,
      imports: [
        PlatformModule.forRoot({
          service: 'export',
          schema: 'export',
          config,
          topics: [TOPICS.decisions, TOPICS.items, TOPICS.labels, TOPICS.releases, TOPICS.projects, TOPICS.erasures],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
          migrations: EXPORT_MIGRATIONS,
        }),
      ],
      controllers: [
        ReleasesController, AuditController, ProjectStatsController, DecisionsHandler, ItemsHandler,
        // Kafka handlers from service-runtime, the same in every service.
        ProjectSnapshotsConsumer, ItemErasuresConsumer,
      ],
      providers: [
        { provide: EXPORT_CONFIG, useValue: config },
        LabelVersionsRepository,
        ItemContentsRepository,
        ReleasesRepository,
        ReleaseStore,
        RecordDecisionUseCase,
        ExcludeLabelsUseCase,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        CreateReleaseUseCase,
        ReleaseReservationSweeper,
        ReadReleasesUseCase,
        VerifyReleaseUseCase,
        ReexportReleaseUseCase,
        LabelHistoryUseCase,
        ReleaseDiffRepository,
        ReleaseFileUseCase,
        LabelStudioExportUseCase,
        MaskedTextReader,
        DiffReleasesUseCase,
        MigrationMapsRepository,
        MigrateLabelsUseCase,
        ...projectStatsProviders(ExportProjectStatsUseCase),
        ReleaseErasuresRepository,
        RawAccessRepository,
        ...itemErasureProviders(ExcludeErasedItemUseCase),
      ],
    };
  }
}
