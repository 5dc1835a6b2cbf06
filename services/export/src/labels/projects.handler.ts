import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProjectEvent, TOPICS } from '@verity/contracts';
import { MessageContext } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { ExcludeLabelsUseCase } from './exclude-labels.use-case';

/** Kafka edge: projects.v1 → ExcludeLabelsUseCase (relabel policy EXCLUDE), once per event id. */
@Injectable()
export class ProjectsHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly exclude: ExcludeLabelsUseCase,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('export.projects');
    this.runtime.consumer({ groupSuffix: 'projects' }).subscribe(TOPICS.projects, async (p: ProjectEvent, ctx: MessageContext) => {
      let n = 0;
      await inbox.once(ctx, async (tx) => {
        n = await this.exclude.execute(tx, p);
      });
      if (n > 0) this.runtime.relay.kick();
    });
  }
}
