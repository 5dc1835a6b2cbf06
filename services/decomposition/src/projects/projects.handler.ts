import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProjectEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { DecompositionStats } from '../stats/decomposition-stats';
import { ApplyProjectSnapshotUseCase } from './apply-project-snapshot.use-case';

/**
 * Kafka edge for projects.v1: its own group (`decomposition.projects`, shared by all
 * instances, from the beginning) so project snapshots never queue behind a backlog of items.
 */
@Injectable()
export class ProjectsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly apply: ApplyProjectSnapshotUseCase,
    private readonly stats: DecompositionStats,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('decomposition.projects');
    this.runner = this.runtime
      .consumer({ groupSuffix: 'projects', fromBeginning: true })
      .subscribe(TOPICS.projects, async (event: ProjectEvent, ctx) => {
        let outcome: { applied: boolean; released: number; requeued?: number } = { applied: false, released: 0 };
        await inbox.once(ctx, async (tx) => {
          outcome = await this.apply.execute(tx, event);
        });
        if (outcome.applied) {
          this.stats.projectSnapshotsApplied++;
          this.logger.info('project snapshot applied', {
            projectId: event.project?.projectId,
            revision: String(event.project?.revision),
            releasedItems: outcome.released,
            requeued: outcome.requeued ?? 0,
          });
          if (outcome.released > 0 || (outcome.requeued ?? 0) > 0) this.runtime.relay.kick();
        } else {
          this.stats.projectSnapshotsStale++;
        }
      });
  }
}
