import { Injectable, OnModuleInit } from '@nestjs/common';
import { ProjectEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner, NonRetryableError } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { ProjectPolicyRepository } from './project-policy.repository';

/** projects.v1 (compacted; own group `prelabel.projects`, from the beginning): the policy copy, newest revision wins. */
@Injectable()
export class ProjectsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly projects: ProjectPolicyRepository,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('prelabel.projects');
    this.runner = this.runtime
      .consumer({ groupSuffix: 'projects', fromBeginning: true })
      .subscribe(TOPICS.projects, async (event: ProjectEvent, ctx) => {
        if (!event.project?.projectId) throw new NonRetryableError('project snapshot without project_id');
        await inbox.once(ctx, async (tx) => {
          await this.projects.apply(tx, event.project!);
        });
      });
  }
}
