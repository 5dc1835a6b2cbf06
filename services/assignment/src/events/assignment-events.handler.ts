import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { ApplyAnnotatorEventUseCase } from '../use-cases/apply-annotator-event.use-case';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { type EnqueueInput, EnqueueTaskUseCase } from '../use-cases/enqueue-task.use-case';

/**
 * The Kafka side of the service (kept apart from the HTTP controllers). Two consumer groups:
 * `assignment.control` for annotator changes, so a backlog of tasks never delays a suspension,
 * and `assignment` for the work itself (project snapshots come through service-runtime's shared
 * `assignment.projects` consumer). Every handler is
 * idempotent through the inbox (its writes and the inbox row commit together).
 */
@Injectable()
export class AssignmentEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly annotators: ApplyAnnotatorEventUseCase,
    private readonly tasks: EnqueueTaskUseCase,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox();
    const source = this.config.ASSIGNMENT_TASK_SOURCE;
    const control = this.runtime.consumer({ groupSuffix: 'control', partitionsConsumedConcurrently: 3 });
    control.subscribe(TOPICS.annotators, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.annotators.execute(tx, ev, ctx.eventId));
    });
    // A group reads one set of topics: members that read tasks.v1 (tests, the short cut) must not
    // share the production group, or Kafka hands them prelabels.v1 partitions they never read.
    const consumer = this.runtime.consumer({ partitionsConsumedConcurrently: 3, groupSuffix: source === 'prelabels' ? undefined : `source-${source}` });
    // In batches: one transaction per batch (inbox rows, tasks, slots in a few statements); a
    // batch that keeps failing is handled record by record, so a bad task is dead-lettered alone.
    if (source === 'tasks' || source === 'both') {
      consumer.subscribeBatch(TOPICS.tasks, (records) =>
        this.enqueueBatch(inbox, records, (r) => ({ kind: 'task', task: r.event.task, env: r.event.envelope, eventId: r.ctx.eventId })),
      );
    }
    if (source === 'prelabels' || source === 'both') {
      consumer.subscribeBatch(TOPICS.prelabels, (records) => this.enqueueBatch(inbox, records, (r) => ({ kind: 'prelabel', ev: r.event, eventId: r.ctx.eventId })));
    }
  }

  private async enqueueBatch<E>(inbox: ReturnType<EventRuntime['inbox']>, records: BatchRecord<E>[], input: (r: BatchRecord<E>) => EnqueueInput): Promise<void> {
    const byCtx = new Map(records.map((r) => [r.ctx, r]));
    await inbox.onceMany(
      records.map((r) => r.ctx),
      async (tx, fresh) => {
        await this.tasks.enqueueMany(tx, fresh.map((c) => input(byCtx.get(c)!)));
      },
    );
  }
}
