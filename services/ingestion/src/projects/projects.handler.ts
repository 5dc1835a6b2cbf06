import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProjectEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { IngestionStats } from '../stats/ingestion-stats';
import { ApplyProjectSnapshotUseCase } from './apply-project-snapshot.use-case';

/**
 * Kafka edge for projects.v1. One consumer group shared by every ingestion instance
 * (`ingestion.projects`), reading from the beginning: the copy lives in Postgres, which all
 * instances read, so one writer is enough; each instance's catalog sees a change from its next
 * content batch on (`ProjectCatalog`).
 */
@Injectable()
export class ProjectsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly apply: ApplyProjectSnapshotUseCase,
    private readonly stats: IngestionStats,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('ingestion.projects');
    this.runner = this.runtime
      .consumer({ groupSuffix: 'projects', fromBeginning: true })
      .subscribe(TOPICS.projects, async (event: ProjectEvent, ctx) => {
        let result = 'stale' as 'applied' | 'stale';
        await inbox.once(ctx, async (tx) => {
          result = await this.apply.execute(tx, event);
        });
        if (result === 'applied') {
          this.stats.projectSnapshotsApplied++;
          this.logger.info('project snapshot applied', {
            projectId: event.project?.projectId,
            revision: String(event.project?.revision),
          });
        } else {
          this.stats.projectSnapshotsStale++;
        }
      });
  }
}
