import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformConfig, PlatformModule, projectSnapshotProviders, ProjectSnapshotsConsumer, ProjectStatsController, projectStatsProviders } from '@verity/service-runtime';
import { INGESTION_SETTINGS } from './ingestion.settings';
import type { IngestionSettings } from './ingestion.settings';
import { ContentEventsHandler } from './events/content-events.handler';
import { IngestContentUseCase } from './use-cases/ingest-content.use-case';
import { ItemRepository } from './db/item.repository';
import { PayloadStorage } from './adapters/payload-storage.service';
import { TextAnalysisService } from './use-cases/text-analysis.service';
import { CreateIngestionTables1764500000000 } from './migrations/1764500000000-create-ingestion-tables';
import { ApplyProjectSnapshotUseCase } from './use-cases/apply-project-snapshot.use-case';
import { ProjectCatalog } from './use-cases/project-catalog.service';
import { ProjectCopyRepository } from './db/project-copy.repository';
import { IngestionStats } from './domain/ingestion.stats';
import { StatsController } from './http/stats.controller';
import { DashboardStats1765800000000 } from './migrations/1765800000000-dashboard-stats';
import { ProjectStatsUseCase } from './use-cases/project-stats.use-case';
import { Erasure1766200000000 } from './migrations/1766200000000-erasure';
import { ErasureRepository } from './db/erasure.repository';
import { EraseContentUseCase } from './use-cases/erase-content.use-case';
import { ErasuresHandler } from './events/erasures.handler';

export type IngestionConfig = PlatformConfig & IngestionSettings;

/** content.v1 → items.v1: validation, dedup, PII masking, language, project matching, S3 payloads. */
@Module({})
export class IngestionModule {
  static register(config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        PlatformModule.forRoot({
          service: 'ingestion',
          schema: 'ingestion',
          config,
          migrations: [CreateIngestionTables1764500000000, DashboardStats1765800000000, Erasure1766200000000],
          topics: [TOPICS.content, TOPICS.items, TOPICS.projects, TOPICS.erasures],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
        }),
      ],
      controllers: [
        StatsController, ProjectStatsController, ContentEventsHandler, ErasuresHandler,
        // Kafka handlers from service-runtime, the same in every service.
        ProjectSnapshotsConsumer,
      ],
      providers: [
        { provide: INGESTION_SETTINGS, useValue: config },
        IngestionStats,
        ProjectCopyRepository,
        ProjectCatalog,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        ItemRepository,
        PayloadStorage,
        TextAnalysisService,
        IngestContentUseCase,
        ...projectStatsProviders(ProjectStatsUseCase),
        ErasureRepository,
        EraseContentUseCase,
      ],
    };
  }
}
