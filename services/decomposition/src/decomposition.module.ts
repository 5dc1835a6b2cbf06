import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformConfig, PlatformModule } from '@verity/service-runtime';
import { ApplyDecisionUseCase } from './decisions/apply-decision.use-case';
import { DECOMPOSITION_SETTINGS } from './decomposition.tokens';
import { DecomposeItemUseCase } from './items/decompose-item.use-case';
import { DecompositionEventsHandler } from './items/decomposition-events.handler';
import { ItemRepository } from './items/item.repository';
import { CreateDecompositionTables1764500000000 } from './migrations/1764500000000-create-decomposition-tables';
import { AddItemDisplayContent1764500000001 } from './migrations/1764500000001-add-item-display-content';
import { ApplyProjectSnapshotUseCase } from './projects/apply-project-snapshot.use-case';
import { ProjectRepository } from './projects/project.repository';
import { ProjectsHandler } from './projects/projects.handler';
import { DecompositionStats } from './stats/decomposition-stats';
import { StatsController } from './stats/stats.controller';
import { TaskCreator } from './tasks/task-creator.service';
import { TaskRepository } from './tasks/task.repository';

export type DecompositionConfig = PlatformConfig & { DECOMPOSITION_CONCURRENCY: number };

/** items.v1 + projects.v1 + decisions.v1 → tasks.v1: atomic tasks per ontology version, conditions honoured. */
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
          migrations: [CreateDecompositionTables1764500000000, AddItemDisplayContent1764500000001],
          topics: [TOPICS.items, TOPICS.projects, TOPICS.decisions, TOPICS.tasks],
        }),
      ],
      controllers: [StatsController],
      providers: [
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
        ProjectsHandler,
      ],
    };
  }
}
