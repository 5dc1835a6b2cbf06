import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformModule, ProductionFeedbackHandler, projectSnapshotProviders, ProjectSnapshotsConsumer, weakLabelProviders, weakLabelsMigration } from '@verity/service-runtime';
import { DsFitsRepository } from './db/ds-fits.repository';
import { GoldItemsRepository } from './db/gold-items.repository';
import { RefitModelUseCase } from './use-cases/refit-model.use-case';
import { AnnotationsHandler } from './events/annotations.handler';
import { AnswersRepository } from './db/answers.repository';
import { EvaluateTaskUseCase } from './use-cases/evaluate-task.use-case';
import { RecordAnnotationUseCase } from './use-cases/record-annotation.use-case';
import { RecordAnnotationBatchUseCase } from './use-cases/record-annotation-batch.use-case';
import { TasksRepository } from './db/tasks.repository';
import { AnnotatorStatsRepository } from './db/annotator-stats.repository';
import { UpdateReliabilityUseCase } from './use-cases/update-reliability.use-case';
import { GetProjectQualityUseCase } from './use-cases/get-project-quality.use-case';
import { QualityMetricsController } from './http/quality-metrics.controller';
import { ApplyExpertFeedbackUseCase } from './use-cases/apply-expert-feedback.use-case';
import { FeedbackHandler } from './events/feedback.handler';
import { KnownTruthRepository } from './db/known-truth.repository';
import { AuditOutcomesHandler } from './events/audit-outcomes.handler';
import { MachineAnswerUseCase } from './use-cases/machine-answer.use-case';
import { MachineAuditsRepository } from './db/machine-audits.repository';
import { CreateQualityTables1764900000000 } from './migrations/1764900000000-create-quality-tables';
import { CreateKnownTruth1765300000000 } from './migrations/1765300000000-create-known-truth';
import { CreateMachineAudits1765500000000 } from './migrations/1765500000000-create-machine-audits';
import { CreateMyWork1765600000000 } from './migrations/1765600000000-create-my-work';
import { Dashboards1765700000000 } from './migrations/1765700000000-dashboards';
import { DropProjectMembers1766100000001 } from './migrations/1766100000001-drop-project-members';
import { FitModel1767700000000 } from './migrations/1767700000000-fit-model';
import { AuditEscalations1768100000000 } from './migrations/1768100000000-audit-escalations';
import { SecondLookService } from './use-cases/second-look.service';
import { AnnotatorSuspensionController } from './http/annotator-suspension.controller';
import { ManualSuspensionUseCase } from './use-cases/manual-suspension.use-case';
import { FinalizedTasksRepository } from './db/finalized-tasks.repository';
import { GetMyWorkUseCase } from './use-cases/get-my-work.use-case';
import { MyWorkController } from './http/my-work.controller';
import { MyWorkRepository } from './db/my-work.repository';
import { ApplyProjectSnapshotUseCase } from './use-cases/apply-project-snapshot.use-case';
import { ProjectCopyRepository } from './db/project-copy.repository';
import { QUALITY_CONFIG, QualityConfig } from './quality.settings';

/**
 * annotations.v1 (+ projects.v1, + expert feedback from annotators.v1 / decisions.v1) → decisions.v1 / adjudications.v1 / annotators.v1: agreement,
 * majority vote and Dawid-Skene, honeypot scoring, annotator reliability and suspension, and
 * the project quality endpoint and the annotators' own "my work" view.
 */
/** Quality's schema, in order (also what plan tests build a fresh database from). */
export const QUALITY_MIGRATIONS = [
  CreateQualityTables1764900000000,
  CreateKnownTruth1765300000000,
  weakLabelsMigration('quality'),
  CreateMachineAudits1765500000000,
  CreateMyWork1765600000000,
  Dashboards1765700000000,
  DropProjectMembers1766100000001,
  FitModel1767700000000,
  AuditEscalations1768100000000,
];

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
          migrations: QUALITY_MIGRATIONS,
          topics: [TOPICS.annotations, TOPICS.projects, TOPICS.decisions, TOPICS.adjudications, TOPICS.annotators, TOPICS.feedback],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
        }),
      ],
      controllers: [
        QualityMetricsController, MyWorkController, AnnotatorSuspensionController, AnnotationsHandler, FeedbackHandler, AuditOutcomesHandler,
        // Kafka handlers from service-runtime, the same in every service.
        ProjectSnapshotsConsumer, ProductionFeedbackHandler,
      ],
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
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        KnownTruthRepository,
        ApplyExpertFeedbackUseCase,
        ...weakLabelProviders('quality'),
        MachineAuditsRepository,
        MachineAnswerUseCase,
        SecondLookService,
        GetProjectQualityUseCase,
        MyWorkRepository,
        GetMyWorkUseCase,
        FinalizedTasksRepository,
        ManualSuspensionUseCase,
      ],
    };
  }
}
