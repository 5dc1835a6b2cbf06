import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformModule, projectSnapshotProviders, weakLabelProviders } from '@verity/service-runtime';
import { DsFitsRepository } from './aggregation/ds-fits.repository';
import { GoldItemsRepository } from './aggregation/gold-items.repository';
import { RefitModelUseCase } from './aggregation/refit-model.use-case';
import { AnnotationsHandler } from './annotations/annotations.handler';
import { AnswersRepository } from './annotations/answers.repository';
import { EvaluateTaskUseCase } from './annotations/evaluate-task.use-case';
import { RecordAnnotationUseCase } from './annotations/record-annotation.use-case';
import { RecordAnnotationBatchUseCase } from './annotations/record-annotation-batch.use-case';
import { TasksRepository } from './annotations/tasks.repository';
import { AnnotatorStatsRepository } from './annotators/annotator-stats.repository';
import { UpdateReliabilityUseCase } from './annotators/update-reliability.use-case';
import { GetProjectQualityUseCase } from './metrics/get-project-quality.use-case';
import { QualityMetricsController } from './metrics/quality-metrics.controller';
import { ApplyExpertFeedbackUseCase } from './feedback/apply-expert-feedback.use-case';
import { FeedbackHandler } from './feedback/feedback.handler';
import { KnownTruthRepository } from './feedback/known-truth.repository';
import { AuditOutcomesHandler } from './machine/audit-outcomes.handler';
import { MachineAnswerUseCase } from './machine/machine-answer.use-case';
import { MachineAuditsRepository } from './machine/machine-audits.repository';
import { CreateQualityTables1764900000000 } from './migrations/1764900000000-create-quality-tables';
import { CreateKnownTruth1765300000000 } from './migrations/1765300000000-create-known-truth';
import { CreateMachineAudits1765500000000 } from './migrations/1765500000000-create-machine-audits';
import { CreateWeakLabels1765410000000 } from './migrations/1765410000000-create-weak-labels';
import { CreateMyWork1765600000000 } from './migrations/1765600000000-create-my-work';
import { Dashboards1765700000000 } from './migrations/1765700000000-dashboards';
import { DropProjectMembers1766100000001 } from './migrations/1766100000001-drop-project-members';
import { AnnotatorSuspensionController } from './annotators/annotator-suspension.controller';
import { ManualSuspensionUseCase } from './annotators/manual-suspension.use-case';
import { FinalizedTasksRepository } from './metrics/finalized-tasks.repository';
import { GetMyWorkUseCase } from './my-work/get-my-work.use-case';
import { MyWorkController } from './my-work/my-work.controller';
import { MyWorkRepository } from './my-work/my-work.repository';
import { ApplyProjectSnapshotUseCase } from './projects/apply-project-snapshot.use-case';
import { ProjectCopyRepository } from './projects/project-copy.repository';
import { QUALITY_CONFIG, QualityConfig } from './quality.settings';

/**
 * annotations.v1 (+ projects.v1, + expert feedback from annotators.v1 / decisions.v1) → decisions.v1 / adjudications.v1 / annotators.v1: agreement,
 * majority vote and Dawid-Skene, honeypot scoring, annotator reliability and suspension, and
 * the project quality endpoint and the annotators' own "my work" view.
 */
@Module({})
export class QualityModule {
  static register(config: QualityConfig): DynamicModule {
    return {
      module: QualityModule,
      imports: [
        PlatformModule.forRoot({
          service: 'quality',
          schema: 'quality',
          config,
          migrations: [CreateQualityTables1764900000000, CreateKnownTruth1765300000000, CreateWeakLabels1765410000000, CreateMachineAudits1765500000000, CreateMyWork1765600000000, Dashboards1765700000000, DropProjectMembers1766100000001],
          topics: [TOPICS.annotations, TOPICS.projects, TOPICS.decisions, TOPICS.adjudications, TOPICS.annotators, TOPICS.feedback],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
        }),
      ],
      controllers: [QualityMetricsController, MyWorkController, AnnotatorSuspensionController],
      providers: [
        { provide: QUALITY_CONFIG, useValue: config },
        ProjectCopyRepository,
        AnswersRepository,
        TasksRepository,
        GoldItemsRepository,
        AnnotatorStatsRepository,
        DsFitsRepository,
        UpdateReliabilityUseCase,
        RefitModelUseCase,
        EvaluateTaskUseCase,
        RecordAnnotationUseCase,
        RecordAnnotationBatchUseCase,
        ApplyProjectSnapshotUseCase,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        AnnotationsHandler,
        KnownTruthRepository,
        ApplyExpertFeedbackUseCase,
        FeedbackHandler,
        ...weakLabelProviders('quality'),
        MachineAuditsRepository,
        MachineAnswerUseCase,
        AuditOutcomesHandler,
        GetProjectQualityUseCase,
        MyWorkRepository,
        GetMyWorkUseCase,
        FinalizedTasksRepository,
        ManualSuspensionUseCase,
      ],
    };
  }
}
