import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { ApplyAnnotatorEventUseCase } from '../annotators/apply-annotator-event.use-case';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.config';
import { ApplyProjectSnapshotUseCase } from '../projects/apply-project-snapshot.use-case';
import { EnqueueTaskUseCase } from '../tasks/enqueue-task.use-case';

/**
 * The Kafka side of the service (kept apart from the HTTP controllers): one consumer group,
 * every handler idempotent through the inbox (its writes and the inbox row commit together).
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
    const consumer = this.runtime.consumer({ partitionsConsumedConcurrently: 3 });
    consumer.subscribe(TOPICS.projects, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.projects.execute(tx, ev, ctx.eventId).then(() => undefined));
    });
    consumer.subscribe(TOPICS.annotators, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.annotators.execute(tx, ev, ctx.eventId));
    });
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
