import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type ProjectEvent, TOPICS } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { Logger } from '@verity/telemetry';
import { DataSource } from 'typeorm';
import type { ServiceIdentity } from '../event-runtime';
import { OnTopic } from '../events/topic-handler.decorator';
import { DATA_SOURCE, SERVICE_IDENTITY } from '../tokens';
import { ProjectAccessRepository } from './project-access.repository';

/**
 * projects.v1 → the service's membership copy, on a group of its own (`<service>.project-access`)
 * read from the beginning (the topic is compacted), so a service that gains the copy fills it
 * from every project's latest snapshot. No inbox: the revision guard makes a replay a no-op.
 */
@Controller()
export class ProjectAccessConsumer {
  private readonly repo: ProjectAccessRepository;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
    private readonly logger: Logger,
  ) {
    this.repo = new ProjectAccessRepository(identity.schema);
  }

  @OnTopic(TOPICS.projects, { group: 'project-access', consumer: { fromBeginning: true } })
  async snapshot(@Payload() event: ProjectEvent): Promise<void> {
    const p = event.project;
    if (!p?.projectId) throw new NonRetryableError('ProjectEvent has no project.project_id');
    const applied = await this.ds.transaction((tx) => this.repo.apply(tx, p));
    if (applied) this.logger.debug('project access copy updated', { projectId: p.projectId, revision: String(p.revision) });
  }
}
