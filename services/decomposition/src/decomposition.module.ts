import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { ErasuresHandler } from './erasure/erasures.handler';
import { PlatformConfig, PlatformModule, projectSnapshotProviders } from '@verity/service-runtime';
import { ApplyDecisionUseCase } from './decisions/apply-decision.use-case';
import { DECOMPOSITION_SETTINGS } from './decomposition.settings';
import { DecomposeItemUseCase } from './items/decompose-item.use-case';
import { DecompositionEventsHandler } from './items/decomposition-events.handler';
import { ItemRepository } from './items/item.repository';
import { CreateDecompositionTables1764500000000 } from './migrations/1764500000000-create-decomposition-tables';
import { AddItemDisplayContent1764500000001 } from './migrations/1764500000001-add-item-display-content';
import { AddLabelsAndOntologyMigrations1764500000002 } from './migrations/1764500000002-add-labels-and-ontology-migrations';
import { AddRelabelPolicy1764500000003 } from './migrations/1764500000003-add-relabel-policy';
import { ApplyProjectSnapshotUseCase } from './projects/apply-project-snapshot.use-case';
import { ProjectRepository } from './projects/project.repository';
import { DecompositionStats } from './stats/decomposition-stats';
import { LabelRepository } from './requeue/labels.repository';
import { LabelsHandler } from './requeue/labels.handler';
import { RecordLabelUseCase } from './requeue/record-label.use-case';
import { Requeue } from './requeue/requeue.service';
import { StatsController } from './stats/stats.controller';
import { TaskCreator } from './tasks/task-creator.service';
import { TaskRepository } from './tasks/task.repository';

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
          ],
          topics: [TOPICS.items, TOPICS.projects, TOPICS.decisions, TOPICS.labels, TOPICS.tasks, TOPICS.erasures],
        }),
      ],
      controllers: [StatsController],
      providers: [
        ErasuresHandler,
        { provide: DECOMPOSITION_SETTINGS, useValue: config },
        DecompositionStats,
        ProjectRepository,
        ItemRepository,
        TaskRepository,
        TaskCreator,
        DecomposeItemUseCase,
        ApplyProjectSnapshotUseCase,
        ApplyDecisionUseCase,
        DecompositionEventsHandler,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        LabelRepository,
        Requeue,
        RecordLabelUseCase,
        LabelsHandler,
      ],
    };
  }
}
