import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { ApplyAnnotatorEventUseCase } from '../annotators/apply-annotator-event.use-case';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.config';
import { ApplyProjectSnapshotUseCase } from '../projects/apply-project-snapshot.use-case';
import { EnqueueTaskUseCase } from '../tasks/enqueue-task.use-case';

/**
 * The Kafka side of the service (kept apart from the HTTP controllers). Two consumer groups:
 * `assignment.control` for project snapshots and annotator changes, so a backlog of tasks never
 * delays a new project or a suspension, and `assignment` for the work itself. Every handler is
 * idempotent through the inbox (its writes and the inbox row commit together).
 */
@Injectable()
export class AssignmentEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly projects: ApplyProjectSnapshotUseCase,
    private readonly annotators: ApplyAnnotatorEventUseCase,
    private readonly tasks: EnqueueTaskUseCase,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox();
    const source = this.config.ASSIGNMENT_TASK_SOURCE;
    const control = this.runtime.consumer({ groupSuffix: 'control', partitionsConsumedConcurrently: 3 });
    control.subscribe(TOPICS.projects, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.projects.execute(tx, ev, ctx.eventId).then(() => undefined));
    });
    control.subscribe(TOPICS.annotators, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.annotators.execute(tx, ev, ctx.eventId));
    });
    // A group reads one set of topics: members that read tasks.v1 (tests, the short cut) must not
    // share the production group, or Kafka hands them prelabels.v1 partitions they never read.
    const consumer = this.runtime.consumer({ partitionsConsumedConcurrently: 3, groupSuffix: source === 'prelabels' ? undefined : `source-${source}` });
    if (source === 'tasks' || source === 'both') {
      consumer.subscribe(TOPICS.tasks, async (ev, ctx) => {
        await inbox.once(ctx, (tx) => this.tasks.fromTask(tx, ev.task, ev.envelope, ctx.eventId).then(() => undefined));
      });
    }
    if (source === 'prelabels' || source === 'both') {
      consumer.subscribe(TOPICS.prelabels, async (ev, ctx) => {
        await inbox.once(ctx, (tx) => this.tasks.fromPrelabel(tx, ev, ctx.eventId).then(() => undefined));
      });
    }
  }
}
