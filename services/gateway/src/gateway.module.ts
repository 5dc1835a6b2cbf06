import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { PlatformModule } from '@verity/service-runtime';
import { ContentController } from './content/content.controller';
import { PublishContentUseCase } from './content/use-cases/publish-content.use-case';
import { GATEWAY_CONFIG, GatewayConfig } from './gateway.settings';
import { BodyParsers } from './http/body-parsers';
import { CreatePeopleProjectsOntologies1764600000000 } from './migrations/1764600000000-create-people-projects-ontologies';
import { OntologiesController } from './ontologies/ontologies.controller';
import { OntologiesRepository } from './ontologies/ontologies.repository';
import { CreateDraftUseCase } from './ontologies/use-cases/create-draft.use-case';
import { PublishOntologyUseCase } from './ontologies/use-cases/publish-ontology.use-case';
import { ReadOntologiesUseCase } from './ontologies/use-cases/read-ontologies.use-case';
import { UpdateDraftUseCase } from './ontologies/use-cases/update-draft.use-case';
import { OpenApiController } from './openapi/openapi.controller';
import { OpenApiDocument } from './openapi/openapi.document';
import { ApiKeyTableResolver } from './people/api-key.resolver';
import { ApiKeysController } from './people/api-keys.controller';
import { ApiKeysRepository } from './people/api-keys.repository';
import { AuthController } from './people/auth.controller';
import { BootstrapAdminService } from './people/bootstrap-admin.service';
import { MeController } from './people/me.controller';
import { CreateApiKeyUseCase } from './people/use-cases/create-api-key.use-case';
import { CreateUserUseCase } from './people/use-cases/create-user.use-case';
import { DeactivateUserUseCase } from './people/use-cases/deactivate-user.use-case';
import { IssueTokenUseCase } from './people/use-cases/issue-token.use-case';
import { ListApiKeysUseCase } from './people/use-cases/list-api-keys.use-case';
import { ListUsersUseCase } from './people/use-cases/list-users.use-case';
import { RevokeApiKeyUseCase } from './people/use-cases/revoke-api-key.use-case';
import { UsersController } from './people/users.controller';
import { UsersRepository } from './people/users.repository';
import { MembersController } from './projects/members.controller';
import { MembersRepository } from './projects/members.repository';
import { ProjectAccess } from './projects/project-access.service';
import { ProjectSnapshots } from './projects/project-snapshots';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsRepository } from './projects/projects.repository';
import { ArchiveProjectUseCase } from './projects/use-cases/archive-project.use-case';
import { CreateProjectUseCase } from './projects/use-cases/create-project.use-case';
import { GetProjectUseCase } from './projects/use-cases/get-project.use-case';
import { ListMembersUseCase } from './projects/use-cases/list-members.use-case';
import { ListProjectsUseCase } from './projects/use-cases/list-projects.use-case';
import { RemoveMemberUseCase } from './projects/use-cases/remove-member.use-case';
import { SetMemberUseCase } from './projects/use-cases/set-member.use-case';
import { UpdateProjectUseCase } from './projects/use-cases/update-project.use-case';
import { AdjudicationProxyController } from './proxy/adjudication-proxy.controller';
import { AssignmentProxyController } from './proxy/assignment-proxy.controller';
import { ExportProxyController } from './proxy/export-proxy.controller';
import { Forwarder } from './proxy/forwarder';
import { PrelabelProxyController } from './proxy/prelabel-proxy.controller';
import { MyWorkProxyController } from './proxy/my-work-proxy.controller';
import { QualityDashboardProxyController } from './proxy/quality-dashboard-proxy.controller';
import { upstreamProviders } from './proxy/upstreams';
import { ConsoleHttp } from './console/console-http';
import { AddUserLocale1765500000000 } from './migrations/1765500000000-add-user-locale';
import { AddOntologyMigrations1765800000000 } from './migrations/1765800000000-add-ontology-migrations';
import { SessionController } from './people/session.controller';
import { UpdateMeUseCase } from './people/use-cases/update-me.use-case';
import { CreateDlqRedrives1766000000000, OperationsModule } from './operations/operations.module';
import { CreateErasures1766200000000, ERASURE_CONTROLLERS, ERASURE_PROVIDERS } from './erasures/erasures.registration';

import { DashboardController } from './dashboard/dashboard.controller';
import { DashboardCostUseCase } from './dashboard/dashboard-cost.use-case';
import { DashboardProgressUseCase } from './dashboard/dashboard-progress.use-case';
import { dashboardUpstreamProviders } from './dashboard/dashboard-upstreams';
import { StatsClient } from './dashboard/stats-client';
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
        MyWorkProxyController,
        OpenApiController,
        SessionController,
        QualityDashboardProxyController,
        DashboardController,
        ...ERASURE_CONTROLLERS,
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
        ...ERASURE_PROVIDERS,
      ],
    };
  }
}
