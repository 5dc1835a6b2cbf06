import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { DecompositionCopiesEraser } from './db/decomposition-copies.eraser';
import { itemErasureProviders, ItemErasuresConsumer, PlatformConfig, PlatformModule, projectSnapshotProviders, ProjectSnapshotsConsumer } from '@verity/service-runtime';
import { ApplyDecisionUseCase } from './use-cases/apply-decision.use-case';
import { DECOMPOSITION_SETTINGS } from './decomposition.settings';
import { DecomposeItemUseCase } from './use-cases/decompose-item.use-case';
import { DecompositionEventsHandler } from './events/decomposition-events.handler';
import { ItemRepository } from './db/item.repository';
import { CreateDecompositionTables1764500000000 } from './migrations/1764500000000-create-decomposition-tables';
import { AddItemDisplayContent1764500000001 } from './migrations/1764500000001-add-item-display-content';
import { AddLabelsAndOntologyMigrations1764500000002 } from './migrations/1764500000002-add-labels-and-ontology-migrations';
import { AddRelabelPolicy1764500000003 } from './migrations/1764500000003-add-relabel-policy';
import { AddItemSourceIds1764500000004 } from './migrations/1764500000004-add-item-source-ids';
import { ApplyProjectSnapshotUseCase } from './use-cases/apply-project-snapshot.use-case';
import { ProjectRepository } from './db/project.repository';
import { DecompositionStats } from './domain/decomposition.stats';
import { LabelRepository } from './db/labels.repository';
import { LabelsHandler } from './events/labels.handler';
import { RecordLabelUseCase } from './use-cases/record-label.use-case';
import { Requeue } from './use-cases/requeue.service';
import { StatsController } from './http/stats.controller';
import { TaskCreator } from './use-cases/task-creator.service';
import { TaskRepository } from './db/task.repository';

export type DecompositionConfig = PlatformConfig & { DECOMPOSITION_CONCURRENCY: number };

/**
 * items.v1 + projects.v1 + decisions.v1 (+ labels.v1 for relabels) → tasks.v1: atomic tasks per
 * ontology version, conditions honoured, items a new version's split or RELABEL policy covers
 * asked again.
 */
@Module({})
export class DecompositionModule {
  static register(config: DecompositionConfig): DynamicModule {
    return {
      module: DecompositionModule,
      imports: [
        PlatformModule.forRoot({
          service: 'decomposition',
          schema: 'decomposition',
          config,
          migrations: [
            CreateDecompositionTables1764500000000,
            AddItemDisplayContent1764500000001,
            AddLabelsAndOntologyMigrations1764500000002,
            AddRelabelPolicy1764500000003,
            AddItemSourceIds1764500000004,
          ],
          topics: [TOPICS.items, TOPICS.projects, TOPICS.decisions, TOPICS.labels, TOPICS.tasks, TOPICS.erasures],
        }),
      ],
      controllers: [
        StatsController, DecompositionEventsHandler, LabelsHandler,
        // Kafka handlers from service-runtime, the same in every service.
        ProjectSnapshotsConsumer, ItemErasuresConsumer,
      ],
      providers: [
        ...itemErasureProviders(DecompositionCopiesEraser),
        { provide: DECOMPOSITION_SETTINGS, useValue: config },
        DecompositionStats,
        ProjectRepository,
        ItemRepository,
        TaskRepository,
        TaskCreator,
        DecomposeItemUseCase,
        ApplyProjectSnapshotUseCase,
        ApplyDecisionUseCase,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        LabelRepository,
        Requeue,
        RecordLabelUseCase,
      ],
    };
  }
}
