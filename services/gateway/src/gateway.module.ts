import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformModule } from '@verity/service-runtime';
import { ContentController } from './http/content.controller';
import { PublishContentUseCase } from './use-cases/publish-content.use-case';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.settings';
import { BodyParsers } from './http/body.parsers';
import { CreatePeopleProjectsOntologies1764600000000 } from './migrations/1764600000000-create-people-projects-ontologies';
import { OntologiesController } from './http/ontologies.controller';
import { OntologiesRepository } from './db/ontologies.repository';
import { CreateDraftUseCase } from './use-cases/create-draft.use-case';
import { PublishOntologyUseCase } from './use-cases/publish-ontology.use-case';
import { ReadOntologiesUseCase } from './use-cases/read-ontologies.use-case';
import { UpdateDraftUseCase } from './use-cases/update-draft.use-case';
import { OpenApiController } from './http/openapi/openapi.controller';
import { OpenApiDocument } from './http/openapi/openapi.document';
import { ApiKeyTableResolver } from './http/api-key.resolver';
import { ApiKeysController } from './http/api-keys.controller';
import { ApiKeysRepository } from './db/api-keys.repository';
import { AuthController } from './http/auth.controller';
import { BootstrapAdminService } from './use-cases/bootstrap-admin.service';
import { MeController } from './http/me.controller';
import { CreateApiKeyUseCase } from './use-cases/create-api-key.use-case';
import { CreateUserUseCase } from './use-cases/create-user.use-case';
import { DeactivateUserUseCase } from './use-cases/deactivate-user.use-case';
import { IssueTokenUseCase } from './use-cases/issue-token.use-case';
import { ListApiKeysUseCase } from './use-cases/list-api-keys.use-case';
import { ListUsersUseCase } from './use-cases/list-users.use-case';
import { RevokeApiKeyUseCase } from './use-cases/revoke-api-key.use-case';
import { UsersController } from './http/users.controller';
import { UsersRepository } from './db/users.repository';
import { MembersController } from './http/members.controller';
import { MembersRepository } from './db/members.repository';
import { ProjectAccess } from './use-cases/project-access.service';
import { ProjectSnapshots } from './events/project-snapshots.publisher';
import { ProjectsController } from './http/projects.controller';
import { ProjectsRepository } from './db/projects.repository';
import { ArchiveProjectUseCase } from './use-cases/archive-project.use-case';
import { CreateProjectUseCase } from './use-cases/create-project.use-case';
import { GetProjectUseCase } from './use-cases/get-project.use-case';
import { ListMembersUseCase } from './use-cases/list-members.use-case';
import { ListProjectsUseCase } from './use-cases/list-projects.use-case';
import { RemoveMemberUseCase } from './use-cases/remove-member.use-case';
import { SetMemberUseCase } from './use-cases/set-member.use-case';
import { UpdateProjectUseCase } from './use-cases/update-project.use-case';
import { AdjudicationProxyController } from './http/adjudication-proxy.controller';
import { AssignmentProxyController } from './http/assignment-proxy.controller';
import { ExportProxyController } from './http/export-proxy.controller';
import { Forwarder } from './adapters/upstream.forwarder';
import { PrelabelProxyController } from './http/prelabel-proxy.controller';
import { LabelingFunctionsProxyController } from './http/labeling-functions-proxy.controller';
import { MyWorkProxyController } from './http/my-work-proxy.controller';
import { QualityDashboardProxyController } from './http/quality-dashboard-proxy.controller';
import { upstreamProviders } from './adapters/upstreams.registry';
import { ConsoleHttp } from './http/console-http.helpers';
import { AddUserLocale1765500000000 } from './migrations/1765500000000-add-user-locale';
import { AddOntologyMigrations1765800000000 } from './migrations/1765800000000-add-ontology-migrations';
import { SessionController } from './http/session.controller';
import { UpdateMeUseCase } from './use-cases/update-me.use-case';
import { CreateDlqRedrives1766000000000, OperationsModule } from './operations.module';
import { CreateErasures1766200000000, ERASURE_CONTROLLERS, ERASURE_PROVIDERS } from './erasures.registration';

import { DashboardController } from './http/dashboard.controller';
import { DashboardCostUseCase } from './use-cases/dashboard-cost.use-case';
import { DashboardProgressUseCase } from './use-cases/dashboard-progress.use-case';
import { dashboardUpstreamProviders } from './adapters/dashboard-upstreams.client';
import { StatsClient } from './adapters/stats.client';
import { LabelStudioImportController } from './http/label-studio-import.controller';
import { ImportLabelStudioUseCase } from './use-cases/import-label-studio.use-case';
/**
 * The public HTTP edge: people and API keys, projects with members and versioned ontologies
 * (announced on projects.v1), content intake (content.v1) and the annotator API proxy.
 */
@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forRoot({
          service: 'gateway',
          schema: 'gateway',
          config,
          topics: [TOPICS.projects, TOPICS.content, TOPICS.erasures],
          migrations: [CreatePeopleProjectsOntologies1764600000000, AddUserLocale1765500000000, AddOntologyMigrations1765800000000, CreateDlqRedrives1766000000000, CreateErasures1766200000000],
          apiKeyResolver: ApiKeyTableResolver,
          // The public edge: people's tokens and API keys; the services take only its tokens for them.
          edge: true,
          // The web console's session cookie (with CSRF checks) is accepted here, and only here.
          sessionCookie: { secure: config.SESSION_COOKIE_SECURE },
        }),
        // The operations API (/v1/ops: dead letters, redrive, consumer lag; admin only).
        OperationsModule,
      ],
      controllers: [
        AuthController,
        MeController,
        UsersController,
        ApiKeysController,
        ProjectsController,
        MembersController,
        OntologiesController,
        ContentController,
        AssignmentProxyController,
        AdjudicationProxyController,
        ExportProxyController,
        PrelabelProxyController,
        LabelingFunctionsProxyController,
        MyWorkProxyController,
        OpenApiController,
        SessionController,
        QualityDashboardProxyController,
        DashboardController,
        ...ERASURE_CONTROLLERS,
        LabelStudioImportController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        BodyParsers,
        OpenApiDocument,
        UsersRepository,
        ApiKeysRepository,
        BootstrapAdminService,
        IssueTokenUseCase,
        CreateUserUseCase,
        ListUsersUseCase,
        DeactivateUserUseCase,
        CreateApiKeyUseCase,
        ListApiKeysUseCase,
        RevokeApiKeyUseCase,
        ProjectsRepository,
        MembersRepository,
        ProjectAccess,
        ProjectSnapshots,
        CreateProjectUseCase,
        UpdateProjectUseCase,
        ArchiveProjectUseCase,
        GetProjectUseCase,
        ListProjectsUseCase,
        ListMembersUseCase,
        SetMemberUseCase,
        RemoveMemberUseCase,
        OntologiesRepository,
        CreateDraftUseCase,
        UpdateDraftUseCase,
        PublishOntologyUseCase,
        ReadOntologiesUseCase,
        PublishContentUseCase,
        Forwarder,
        ...upstreamProviders,
        UpdateMeUseCase,
        ConsoleHttp,
        StatsClient,
        DashboardProgressUseCase,
        DashboardCostUseCase,
        ...dashboardUpstreamProviders,
        ImportLabelStudioUseCase,
        ...ERASURE_PROVIDERS,
      ],
    };
  }
}
