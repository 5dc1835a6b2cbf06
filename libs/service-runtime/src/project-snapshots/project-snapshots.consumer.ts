import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { type ProjectEvent, TOPICS } from '@verity/contracts';
import { type ConsumerRunner, NonRetryableError } from '@verity/messaging';
import { Logger } from '@verity/telemetry';
import { EventRuntime, type ServiceIdentity } from '../event-runtime';
import { SERVICE_IDENTITY } from '../tokens';
import {
  PROJECT_SNAPSHOT_APPLIER,
  PROJECT_SNAPSHOT_OPTIONS,
  type ProjectSnapshotApplier,
  type ProjectSnapshotOptions,
  type SnapshotOutcome,
} from './project-snapshot-applier';

/**
 * Kafka edge for projects.v1, the same in every service: its own group (`<service>.projects`,
 * shared by the service's instances) so snapshots never queue behind a backlog of work, once per
 * event id (inbox `<service>.projects`), the service's applier in that transaction.
 */
@Injectable()
export class ProjectSnapshotsConsumer implements OnModuleInit {
  /** The runner, for a service's /stats. */
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    @Inject(PROJECT_SNAPSHOT_APPLIER) private readonly applier: ProjectSnapshotApplier,
    @Inject(PROJECT_SNAPSHOT_OPTIONS) private readonly options: ProjectSnapshotOptions,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox(`${this.identity.service}.projects`);
    this.runner = this.runtime
      .consumer({ groupSuffix: 'projects', fromBeginning: this.options.fromBeginning ?? true })
      .subscribe(TOPICS.projects, async (event: ProjectEvent, ctx) => {
        const p = event.project;
        if (!p?.projectId) throw new NonRetryableError('ProjectEvent has no project.project_id');
        if (p.revision <= 0n) throw new NonRetryableError('ProjectEvent project.revision must be positive');
        let outcome: SnapshotOutcome = { applied: false };
        await inbox.once(ctx, async (tx) => {
          outcome = await this.applier.apply(tx, event, ctx);
        });
        if ((outcome.enqueued ?? 0) > 0) this.runtime.relay.kick();
        this.applier.afterCommit?.(outcome);
        if (outcome.applied) {
          this.logger.info('project snapshot applied', { projectId: p.projectId, revision: String(p.revision), ...outcome.details });
        }
      });
  }
}
