import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PrelabelCopiesEraser } from './db/prelabel-copies.eraser';
import { itemErasureProviders, ItemErasuresConsumer, PlatformModule, projectSnapshotProviders, ProjectSnapshotsConsumer } from '@verity/service-runtime';
import { ActiveLearningScheduler } from './jobs/active-learning.scheduler';
import { CandidateRepository } from './db/candidate.repository';
import { ItemSourcesHandler } from './events/item-sources.handler';
import { RecordPredictionUseCase } from './use-cases/record-prediction.use-case';
import { SelectForLabelingUseCase } from './use-cases/select-for-labeling.use-case';
import { RecordFeedbackUseCase } from './use-cases/record-feedback.use-case';
import { SignalsHandler } from './events/signals.handler';
import { WeakLabelRepository } from './db/weak-label.repository';
import { LabelRepository } from './db/label.repository';
import { LabelsHandler } from './events/labels.handler';
import { RecordLabelUseCase } from './use-cases/record-label.use-case';
import { UsageRepository } from './db/usage.repository';
import { ModelCache } from './use-cases/model-cache.service';
import { ModelRepository } from './db/model.repository';
import { RetrainService } from './use-cases/retrain.service';
import { WeakSupervisionService } from './use-cases/weak-supervision.service';
import { CreatePrelabelTables1765400000000 } from './migrations/1765400000000-create-prelabel-tables';
import { ParkPredictions1765410000000 } from './migrations/1765410000000-park-predictions';
import { ModelLoop1765700000000 } from './migrations/1765700000000-model-loop';
import { LabelingFunctions1765800000000 } from './migrations/1765800000000-labeling-functions';
import { TasksByItem1765900000000 } from './migrations/1765900000000-tasks-by-item';
import { LabelingFunctionsController } from './http/labeling-functions.controller';
import { LabelingFunctionRepository } from './db/labeling-function.repository';
import { LfVoteRepository } from './db/lf-vote.repository';
import { LfVotesService } from './use-cases/lf-votes.service';
import { LfInputs } from './use-cases/lf-inputs.service';
import { LlmLfAnswersService } from './use-cases/llm-lf-answers.service';
import { SaveLabelingFunctionUseCase } from './use-cases/save-labeling-function.use-case';
import { AnalyzeLabelingFunctionsUseCase } from './use-cases/analyze-labeling-functions.use-case';
import { PrelabelController } from './http/prelabel.controller';
import { PRELABEL_CONFIG, type PrelabelConfig } from './prelabel.settings';
import { ProjectPolicyRepository } from './db/project-policy.repository';
import { ApplyProjectSnapshotUseCase } from './use-cases/apply-project-snapshot.use-case';
import { DraftBackends } from './use-cases/draft-backends.service';
import { DraftRepository } from './db/draft.repository';
import { ProcessTaskUseCase } from './use-cases/process-task.use-case';
import { TaskRepository } from './db/task.repository';
import { TasksHandler } from './events/tasks.handler';
import { ImportedPrelabels1766050000000 } from './migrations/1766050000000-imported-prelabels';
import { LabelConfidence1766100000000 } from './migrations/1766100000000-label-confidence';
import { LabelModelBackend1767700000000 } from './migrations/1767700000000-label-model-backend';
import { ItemSourcesByItem1767900000000 } from './migrations/1767900000000-item-sources-by-item';
import { LfLlmUsage1768000000000 } from './migrations/1768000000000-lf-llm-usage';
import { LabelChecks1768100000000 } from './migrations/1768100000000-label-checks';
import { LabelCheckRepository } from './db/label-check.repository';
import { DecisionsHandler } from './events/decisions.handler';
import { ImportedPrelabelsController } from './http/imported-prelabels.controller';
import { ImportedPrelabelRepository } from './db/imported-prelabel.repository';
import { ImportedPrelabelsService } from './use-cases/imported-prelabels.service';
import { ImportPrelabelsUseCase } from './use-cases/import-prelabels.use-case';

/** tasks.v1 + labels.v1 + decisions.v1 (verdicts on label checks) + projects.v1 + feedback.v1 + predictions.v1 → prelabels.v1 + annotations.v1 (machine answers). */
/** Prelabel's own migrations, in order (after the shared inbox/outbox one). */
export const PRELABEL_MIGRATIONS = [
  CreatePrelabelTables1765400000000,
  ParkPredictions1765410000000,
  ModelLoop1765700000000,
  LabelingFunctions1765800000000,
  TasksByItem1765900000000,
  ImportedPrelabels1766050000000,
  LabelConfidence1766100000000,
  LabelModelBackend1767700000000,
  ItemSourcesByItem1767900000000,
  LfLlmUsage1768000000000,
  LabelChecks1768100000000,
];

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
          migrations: PRELABEL_MIGRATIONS,
          topics: [TOPICS.tasks, TOPICS.labels, TOPICS.decisions, TOPICS.projects, TOPICS.prelabels, TOPICS.annotations, TOPICS.predictions, TOPICS.feedback, TOPICS.items, TOPICS.erasures],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
        }),
      ],
      controllers: [
        PrelabelController, LabelingFunctionsController, ImportedPrelabelsController, TasksHandler, LabelsHandler, DecisionsHandler, SignalsHandler, ItemSourcesHandler,
        // Kafka handlers from service-runtime, the same in every service.
        ProjectSnapshotsConsumer, ItemErasuresConsumer,
      ],
      providers: [
        ...itemErasureProviders(PrelabelCopiesEraser),
        { provide: PRELABEL_CONFIG, useValue: config },
        ProjectPolicyRepository,
        TaskRepository,
        DraftRepository,
        LabelRepository,
        LabelCheckRepository,
        ModelRepository,
        UsageRepository,
        WeakLabelRepository,
        CandidateRepository,
        LabelingFunctionRepository,
        LfVoteRepository,
        LfVotesService,
        LfInputs,
        LlmLfAnswersService,
        SaveLabelingFunctionUseCase,
        AnalyzeLabelingFunctionsUseCase,
        ModelCache,
        DraftBackends,
        RetrainService,
        WeakSupervisionService,
        ImportedPrelabelRepository,
        ImportedPrelabelsService,
        ImportPrelabelsUseCase,
        ProcessTaskUseCase,
        RecordLabelUseCase,
        RecordFeedbackUseCase,
        RecordPredictionUseCase,
        SelectForLabelingUseCase,
        ActiveLearningScheduler,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
      ],
    };
  }
}
