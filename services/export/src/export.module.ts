import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformModule, projectSnapshotProviders } from '@verity/service-runtime';
import { ErasuresHandler } from './erasure/erasures.handler';
import { ExcludeErasedItemUseCase } from './erasure/exclude-erased-item.use-case';
import { ReleaseErasuresRepository } from './erasure/release-erasures.repository';
import { CreateReleaseErasures1766200000000 } from './migrations/1766200000000-create-release-erasures';
import { MaskedContentRefs1766400000000 } from './migrations/1766400000000-masked-content-refs';
import { RawAccessRepository } from './releases/raw-access.repository';
import { AuditController } from './audit/audit.controller';
import { LabelHistoryUseCase } from './audit/label-history.use-case';
import { EXPORT_CONFIG, ExportConfig } from './export.settings';
import { ItemContentsRepository } from './items/item-contents.repository';
import { ItemsHandler } from './items/items.handler';
import { DecisionsHandler } from './labels/decisions.handler';
import { ExcludeLabelsUseCase } from './labels/exclude-labels.use-case';
import { ApplyProjectSnapshotUseCase } from './labels/apply-project-snapshot.use-case';
import { LabelVersionsRepository } from './labels/label-versions.repository';
import { RecordDecisionUseCase } from './labels/record-decision.use-case';
import { CreateExportTables1765100000000 } from './migrations/1765100000000-create-export-tables';
import { ReleaseStore } from './releases/release-store';
import { ReleasesController } from './releases/releases.controller';
import { ReleasesRepository } from './releases/releases.repository';
import { CreateReleaseUseCase } from './releases/use-cases/create-release.use-case';
import { ReadReleasesUseCase } from './releases/use-cases/read-releases.use-case';
import { ReexportReleaseUseCase } from './releases/use-cases/reexport-release.use-case';
import { VerifyReleaseUseCase } from './releases/use-cases/verify-release.use-case';
import { ReleaseDiff1765710000000 } from './migrations/1765710000000-release-diff';
import { ReleaseDiffRepository } from './releases/release-diff.repository';
import { DiffReleasesUseCase } from './releases/use-cases/diff-releases.use-case';
import { ReleaseFileUseCase } from './releases/use-cases/release-file.use-case';
import { CreateOntologyMigrations1765720000000 } from './migrations/1765720000000-create-ontology-migrations';
import { MigrationMapsRepository } from './label-migrations/migration-maps.repository';
import { MigrateLabelsUseCase } from './label-migrations/migrate-labels.use-case';

import { ExportDashboardStats1765800000000 } from './stats/dashboard-stats.migration';
import { ExportProjectStatsController } from './stats/project-stats.controller';
import { ExportProjectStatsUseCase } from './stats/project-stats.use-case';
/**
 * Versioned export: decisions.v1 → label versions with provenance → labels.v1 (the public
 * training contract); immutable dataset releases in S3 announced on releases.v1; the audit API.
 */
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
          migrations: [CreateExportTables1765100000000, ReleaseDiff1765710000000, CreateOntologyMigrations1765720000000, ExportDashboardStats1765800000000, CreateReleaseErasures1766200000000, MaskedContentRefs1766400000000],
        }),
      ],
      controllers: [ReleasesController, AuditController, ExportProjectStatsController],
      providers: [
        { provide: EXPORT_CONFIG, useValue: config },
        LabelVersionsRepository,
        ItemContentsRepository,
        ReleasesRepository,
        ReleaseStore,
        RecordDecisionUseCase,
        DecisionsHandler,
        ItemsHandler,
        ExcludeLabelsUseCase,
        ApplyProjectSnapshotUseCase,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        CreateReleaseUseCase,
        ReadReleasesUseCase,
        VerifyReleaseUseCase,
        ReexportReleaseUseCase,
        LabelHistoryUseCase,
        ReleaseDiffRepository,
        ReleaseFileUseCase,
        DiffReleasesUseCase,
        MigrationMapsRepository,
        MigrateLabelsUseCase,
        ExportProjectStatsUseCase,
        ReleaseErasuresRepository,
        RawAccessRepository,
        ExcludeErasedItemUseCase,
        ErasuresHandler,
      ],
    };
  }
}
