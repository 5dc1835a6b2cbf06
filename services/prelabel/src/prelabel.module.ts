import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { ErasuresHandler } from './erasure/erasures.handler';
import { PlatformModule, projectSnapshotProviders } from '@verity/service-runtime';
import { ActiveLearningScheduler } from './active-learning/active-learning.scheduler';
import { CandidateRepository } from './active-learning/candidate.repository';
import { ItemSourcesHandler } from './active-learning/item-sources.handler';
import { RecordPredictionUseCase } from './active-learning/record-prediction.use-case';
import { SelectForLabelingUseCase } from './active-learning/select-for-labeling.use-case';
import { RecordFeedbackUseCase } from './feedback/record-feedback.use-case';
import { SignalsHandler } from './feedback/signals.handler';
import { WeakLabelRepository } from './feedback/weak-label.repository';
import { LabelRepository } from './labels/label.repository';
import { LabelsHandler } from './labels/labels.handler';
import { RecordLabelUseCase } from './labels/record-label.use-case';
import { UsageRepository } from './llm/usage.repository';
import { ModelCache } from './local/model-cache.service';
import { ModelRepository } from './local/model.repository';
import { RetrainService } from './local/retrain.service';
import { CreatePrelabelTables1765400000000 } from './migrations/1765400000000-create-prelabel-tables';
import { ParkPredictions1765410000000 } from './migrations/1765410000000-park-predictions';
import { ModelLoop1765700000000 } from './migrations/1765700000000-model-loop';
import { PrelabelController } from './prelabel.controller';
import { PRELABEL_CONFIG, type PrelabelConfig } from './prelabel.settings';
import { ProjectPolicyRepository } from './projects/project-policy.repository';
import { ApplyProjectSnapshotUseCase } from './projects/apply-project-snapshot.use-case';
import { DraftBackends } from './tasks/draft-backends.service';
import { DraftRepository } from './tasks/draft.repository';
import { ProcessTaskUseCase } from './tasks/process-task.use-case';
import { TaskRepository } from './tasks/task.repository';
import { TasksHandler } from './tasks/tasks.handler';

/** tasks.v1 + labels.v1 + projects.v1 + feedback.v1 + predictions.v1 → prelabels.v1 + annotations.v1 (machine answers). */
@Module({})
export class PrelabelModule {
  static register(config: PrelabelConfig): DynamicModule {
    return {
      module: PrelabelModule,
      imports: [
        PlatformModule.forRoot({
          service: 'prelabel',
          schema: 'prelabel',
          config,
          migrations: [CreatePrelabelTables1765400000000, ParkPredictions1765410000000, ModelLoop1765700000000],
          topics: [TOPICS.tasks, TOPICS.labels, TOPICS.projects, TOPICS.prelabels, TOPICS.annotations, TOPICS.predictions, TOPICS.feedback, TOPICS.items, TOPICS.erasures],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
        }),
      ],
      controllers: [PrelabelController],
      providers: [
        ErasuresHandler,
        { provide: PRELABEL_CONFIG, useValue: config },
        ProjectPolicyRepository,
        TaskRepository,
        DraftRepository,
        LabelRepository,
        ModelRepository,
        UsageRepository,
        WeakLabelRepository,
        CandidateRepository,
        ModelCache,
        DraftBackends,
        RetrainService,
        ProcessTaskUseCase,
        RecordLabelUseCase,
        RecordFeedbackUseCase,
        RecordPredictionUseCase,
        SelectForLabelingUseCase,
        ActiveLearningScheduler,
        TasksHandler,
        LabelsHandler,
        ApplyProjectSnapshotUseCase,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        SignalsHandler,
        ItemSourcesHandler,
      ],
    };
  }
}
