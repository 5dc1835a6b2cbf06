import { Injectable, OnModuleInit } from '@nestjs/common';
import { type ProjectEvent, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { ApplyProjectSnapshotUseCase } from './apply-project-snapshot.use-case';

/** Kafka edge for projects.v1 (group `quality.projects`, from the beginning: the topic is compacted). */
@Injectable()
export class ProjectsHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly apply: ApplyProjectSnapshotUseCase,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('quality.projects');
    this.runtime
      .consumer({ groupSuffix: 'projects', fromBeginning: true })
      .subscribe(TOPICS.projects, async (event: ProjectEvent, ctx) => {
        let r = { applied: false, tasksClosed: 0 };
        await inbox.once(ctx, async (tx) => {
          r = await this.apply.execute(tx, event);
        });
        if (r.tasksClosed > 0) this.runtime.relay.kick();
        if (r.applied) {
          this.logger.info('project snapshot applied', { projectId: event.project?.projectId, revision: String(event.project?.revision), tasksClosed: r.tasksClosed });
        }
      });
  }
}
