import { Controller, Inject } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { type ProjectEvent, TOPICS } from '@verity/contracts';
import { type MessageContext, NonRetryableError } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { Logger } from '@verity/telemetry';
import { EventRuntime, type ServiceIdentity } from '../event-runtime';
import { OnTopic } from '../events/topic-handler.decorator';
import { SERVICE_IDENTITY } from '../tokens';
import { PROJECT_SNAPSHOT_APPLIER, type ProjectSnapshotApplier, type SnapshotOutcome } from './project-snapshot-applier';

/**
 * Kafka edge for projects.v1, the same in every service: its own group (`<service>.projects`,
 * shared by the service's instances, from the beginning: the topic is compacted, so a new copy
 * fills from every project's latest snapshot) so snapshots never queue behind a backlog of work,
 * once per event id (inbox `<service>.projects`), the service's applier in that transaction.
 */
@Controller()
export class ProjectSnapshotsConsumer {
  private readonly inbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    @Inject(PROJECT_SNAPSHOT_APPLIER) private readonly applier: ProjectSnapshotApplier,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
    private readonly logger: Logger,
  ) {
    this.inbox = runtime.inbox(`${identity.service}.projects`);
  }

  @OnTopic(TOPICS.projects, { group: 'projects', consumer: { fromBeginning: true } })
  async snapshot(@Payload() event: ProjectEvent, @Ctx() ctx: MessageContext): Promise<void> {
    const p = event.project;
    if (!p?.projectId) throw new NonRetryableError('ProjectEvent has no project.project_id');
    if (p.revision <= 0n) throw new NonRetryableError('ProjectEvent project.revision must be positive');
    let outcome: SnapshotOutcome = { applied: false };
    await this.inbox.once(ctx, async (tx) => {
      outcome = await this.applier.apply(tx, event, ctx);
    });
    if ((outcome.enqueued ?? 0) > 0) this.runtime.relay.kick();
    this.applier.afterCommit?.(outcome);
    if (outcome.applied) {
      this.logger.info('project snapshot applied', { projectId: p.projectId, revision: String(p.revision), ...outcome.details });
    }
  }
}
