import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { AdjudicationCopiesEraser } from './db/adjudication-copies.eraser';
import { itemErasureProviders, ItemErasuresConsumer, PlatformModule, ProductionFeedbackHandler, projectSnapshotProviders, ProjectSnapshotsConsumer, weakLabelProviders, weakLabelsMigration } from '@verity/service-runtime';
import { ADJUDICATION_CONFIG, type AdjudicationConfig } from './adjudication.settings';
import { AnnotatorStandingRepository } from './db/annotator-standing.repository';
import { ApplyAnnotatorEventUseCase } from './use-cases/apply-annotator-event.use-case';
import { ExpertFeedbackService } from './use-cases/expert-feedback.service';
import { AdjudicationsController } from './http/adjudications.controller';
import { ExpertAccessService } from './use-cases/expert-access.service';
import { ClaimNextUseCase } from './use-cases/claim-next.use-case';
import { ConfirmGoldUseCase } from './use-cases/confirm-gold.use-case';
import { EscalateUseCase } from './use-cases/escalate.use-case';
import { GetRequestUseCase } from './use-cases/get-request.use-case';
import { GiveVerdictUseCase } from './use-cases/give-verdict.use-case';
import { ListQueueUseCase } from './use-cases/list-queue.use-case';
import { RequestMediaUseCase } from './use-cases/request-media.use-case';
import { ItemContentsRepository } from './db/item-contents.repository';
import { CreateAdjudicationTables1765100000000 } from './migrations/1765100000000-create-adjudication-tables';
import { CreateItemContents1765300000000 } from './migrations/1765300000000-create-item-contents';
import { DropMembers1766100000001 } from './migrations/1766100000001-drop-members';
import { ApplyProjectSnapshotUseCase } from './use-cases/apply-project-snapshot.use-case';
import { ProjectCopyRepository } from './db/project-copy.repository';
import { ReceiveRequestUseCase } from './use-cases/receive-request.use-case';
import { RequestRepository } from './db/request.repository';
import { VerdictRepository } from './db/verdict.repository';
import { AdjudicationEventsHandler } from './events/adjudication-events.handler';

/**
 * The expert queue: adjudication requests (adjudications.v1) per project, claimed under a
 * lease, decided by quality analysts or — escalated — by project managers; verdicts and gold
 * confirmations go to decisions.v1, expert-agreement observations to annotators.v1.
 * Consumes adjudications.v1, projects.v1, annotators.v1 (quality's reliability) and items.v1
 * (the content shown to the expert).
 */
@Module({})
export class AdjudicationModule {
  static register(config: AdjudicationConfig): DynamicModule {
    return {
      module: AdjudicationModule,
      imports: [
        PlatformModule.forRoot({
          service: 'adjudication',
          schema: 'adjudication',
          config,
          migrations: [CreateAdjudicationTables1765100000000, CreateItemContents1765300000000, weakLabelsMigration('adjudication'), DropMembers1766100000001],
          topics: [TOPICS.adjudications, TOPICS.decisions, TOPICS.projects, TOPICS.annotators, TOPICS.items, TOPICS.feedback, TOPICS.erasures],
          // Membership copy of projects.v1: every route taking a project's id checks it (ProjectAccess).
          projectAccess: true,
        }),
      ],
      controllers: [
        AdjudicationsController, AdjudicationEventsHandler,
        // Kafka handlers from service-runtime, the same in every service.
        ProjectSnapshotsConsumer, ItemErasuresConsumer, ProductionFeedbackHandler,
      ],
      providers: [
        ...itemErasureProviders(AdjudicationCopiesEraser),
        { provide: ADJUDICATION_CONFIG, useValue: config },
        ProjectCopyRepository,
        RequestRepository,
        VerdictRepository,
        AnnotatorStandingRepository,
        ItemContentsRepository,
        ...weakLabelProviders('adjudication'),
        ...projectSnapshotProviders(ApplyProjectSnapshotUseCase),
        ReceiveRequestUseCase,
        ApplyAnnotatorEventUseCase,
        ExpertFeedbackService,
        ExpertAccessService,
        ListQueueUseCase,
        ClaimNextUseCase,
        GetRequestUseCase,
        GiveVerdictUseCase,
        EscalateUseCase,
        ConfirmGoldUseCase,
        RequestMediaUseCase,
      ],
    };
  }
}
