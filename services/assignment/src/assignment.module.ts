import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { AssignmentCopiesEraser } from './db/assignment-copies.eraser';
import { itemErasureProviders, ItemErasuresConsumer, PlatformModule, projectSnapshotProviders, ProjectSnapshotsConsumer } from '@verity/service-runtime';
import { ApplyAnnotatorEventUseCase } from './use-cases/apply-annotator-event.use-case';
import { SuspensionRepository } from './db/suspension.repository';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from './assignment.settings';
import { GoldController } from './http/gold.controller';
import { GoldRepository } from './db/gold.repository';
import { RegisterGoldUseCase } from './use-cases/register-gold.use-case';
import { AnnotatorAccessService } from './use-cases/annotator-access.service';
import { AnnotatorTasksController } from './http/annotator-tasks.controller';
import { LeaseSweeperService } from './jobs/lease-sweeper.job';
import { LeaseRepository } from './db/lease.repository';
import { OwnLeaseService } from './use-cases/own-lease.service';
import { LeaseNextTaskUseCase } from './use-cases/lease-next-task.use-case';
import { ListMyLeasesUseCase } from './use-cases/list-my-leases.use-case';
import { SkipTaskUseCase } from './use-cases/skip-task.use-case';
import { SubmitAnswerUseCase } from './use-cases/submit-answer.use-case';
import { TaskMediaUseCase } from './use-cases/task-media.use-case';
import { CreateAssignmentTables1764700000000 } from './migrations/1764700000000-create-assignment-tables';
import { SuspensionsPerProject1765300000000 } from './migrations/1765300000000-suspensions-per-project';
import { TaskEventId1765410000000 } from './migrations/1765410000000-task-event-id';
import { ApplyProjectSnapshotUseCase } from './use-cases/apply-project-snapshot.use-case';
import { ProjectCopyRepository } from './db/project-copy.repository';
import { QueuePriorityRepository } from './db/queue-priority.repository';
import { AssignmentEventsHandler } from './events/assignment-events.handler';
import { EnqueueTaskUseCase } from './use-cases/enqueue-task.use-case';
import { TaskIntakeRepository } from './db/task-intake.repository';
import { DashboardStats1765800000000 } from './migrations/1765800000000-dashboard-stats';
import { BlindControls1766300000000 } from './migrations/1766300000000-blind-controls';
import { TaskTraceparent1767400000000 } from './migrations/1767400000000-task-traceparent';
import { ImportedAnswers1767500000000 } from './migrations/1767500000000-imported-answers';
import { SlotsByTask1767600000000 } from './migrations/1767600000000-slots-by-task';
import { SlotCountersPlannedPerStatement1767900000000 } from './migrations/1767900000000-slot-counters-planned-per-statement';
import { StatShardPerTransaction1768000000000 } from './migrations/1768000000000-stat-shard-per-transaction';
import { ImportedAnswersController } from './http/imported-answers.controller';
import { ImportedAnswersRepository } from './db/imported-answers.repository';
import { ApplyImportedAnswersService } from './use-cases/apply-imported-answers.service';
import { ImportAnswersUseCase } from './use-cases/import-answers.use-case';
import { ProjectStatsUseCase } from './use-cases/project-stats.use-case';
import { StatsController } from './http/stats.controller';
import { StatsRepository } from './db/stats.repository';
import { QueueDepthMetric } from './adapters/queue-depth.metric';

/**
 * Per-project task queues, leases, redundancy, routing, honeypot injection and the annotator
 * task API. Consumes tasks.v1 (later prelabels.v1), projects.v1 and annotators.v1; produces
 * annotations.v1 through the outbox.
 */
/** Assignment's own migrations, in order (after the shared inbox/outbox one). */
export const ASSIGNMENT_MIGRATIONS = [
  CreateAssignmentTables1764700000000,
  SuspensionsPerProject1765300000000,
  TaskEventId1765410000000,
  DashboardStats1765800000000,
  BlindControls1766300000000,
  TaskTraceparent1767400000000,
  ImportedAnswers1767500000000,
  SlotsByTask1767600000000,
  SlotCountersPlannedPerStatement1767900000000,
  StatShardPerTransaction1768000000000,
];

@Module({})
export class AssignmentModule {
  static register(config: AssignmentConfig): DynamicModule {
    return {
      module: AssignmentModule,
      imports: [
        PlatformModule.forRoot({
          service: 'assignment',
          schema: 'assignment',
          config,
          migrations: ASSIGNMENT_MIGRATIONS,
          topics: [TOPICS.tasks, TOPICS.prelabels, TOPICS.projects, TOPICS.annotators, TOPICS.annotations, TOPICS.erasures],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
        }),
      ],
      controllers: [
        AnnotatorTasksController, GoldController, StatsController, ImportedAnswersController, AssignmentEventsHandler,
        // Kafka handlers from service-runtime, the same in every service.
        ProjectSnapshotsConsumer, ItemErasuresConsumer,
      ],
      providers: [
        ...itemErasureProviders(AssignmentCopiesEraser),
        { provide: ASSIGNMENT_CONFIG, useValue: config },
        ProjectCopyRepository,
        SuspensionRepository,
        TaskIntakeRepository,
        QueuePriorityRepository,
        LeaseRepository,
        GoldRepository,
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        ApplyAnnotatorEventUseCase,
        EnqueueTaskUseCase,
        AnnotatorAccessService,
        OwnLeaseService,
        LeaseNextTaskUseCase,
        ListMyLeasesUseCase,
        SubmitAnswerUseCase,
        SkipTaskUseCase,
        TaskMediaUseCase,
        RegisterGoldUseCase,
        LeaseSweeperService,
        StatsRepository,
        ProjectStatsUseCase,
        QueueDepthMetric,
        ImportedAnswersRepository,
        ApplyImportedAnswersService,
        ImportAnswersUseCase,
      ],
    };
  }
}
