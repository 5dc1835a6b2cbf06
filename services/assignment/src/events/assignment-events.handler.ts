import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { type AnnotatorEvent, type PrelabelEvent, type TaskEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord, MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic, OnTopicBatch } from '@verity/service-runtime';
import type { AssignmentConfig } from '../assignment.settings';
import { ApplyAnnotatorEventUseCase } from '../use-cases/apply-annotator-event.use-case';
import { type EnqueueInput, EnqueueTaskUseCase } from '../use-cases/enqueue-task.use-case';

/**
 * A group reads one set of topics: members that read tasks.v1 (tests, the short cut) must not
 * share the production group, or Kafka hands them prelabels.v1 partitions they never read.
 */
const workGroup = (c: AssignmentConfig) => (c.ASSIGNMENT_TASK_SOURCE === 'prelabels' ? undefined : `source-${c.ASSIGNMENT_TASK_SOURCE}`);
const work = { partitionsConsumedConcurrently: 3 };

/**
 * The Kafka side of the service (kept apart from the HTTP controllers). Two consumer groups:
 * `assignment.control` for annotator changes, so a backlog of tasks never delays a suspension,
 * and `assignment` for the work itself (project snapshots and erasures come through
 * service-runtime's shared consumers). Every handler is idempotent through the inbox (its writes
 * and the inbox row commit together). Work comes in batches: one transaction per batch (inbox
 * rows, tasks, slots in a few statements); a batch that keeps failing is handled record by
 * record, so a bad task is dead-lettered alone.
 */
@Controller()
export class AssignmentEventsHandler {
  private readonly inbox: Inbox;

  constructor(
    runtime: EventRuntime,
    private readonly annotators: ApplyAnnotatorEventUseCase,
    private readonly tasks: EnqueueTaskUseCase,
  ) {
    this.inbox = runtime.inbox();
  }

  @OnTopic(TOPICS.annotators, { group: 'control', consumer: { partitionsConsumedConcurrently: 3 } })
  async annotator(@Payload() ev: AnnotatorEvent, @Ctx() ctx: MessageContext): Promise<void> {
    await this.inbox.once(ctx, (tx) => this.annotators.execute(tx, ev, ctx.eventId));
  }

  @OnTopicBatch(TOPICS.tasks, { group: workGroup, consumer: work, when: (c: AssignmentConfig) => c.ASSIGNMENT_TASK_SOURCE !== 'prelabels' })
  async taskBatch(@Payload() records: BatchRecord<TaskEvent>[]): Promise<void> {
    await this.enqueueBatch(records, (r) => ({ kind: 'task', task: r.event.task, env: r.event.envelope, eventId: r.ctx.eventId }));
  }

  @OnTopicBatch(TOPICS.prelabels, { group: workGroup, consumer: work, when: (c: AssignmentConfig) => c.ASSIGNMENT_TASK_SOURCE !== 'tasks' })
  async prelabelBatch(@Payload() records: BatchRecord<PrelabelEvent>[]): Promise<void> {
    await this.enqueueBatch(records, (r) => ({ kind: 'prelabel', ev: r.event, eventId: r.ctx.eventId }));
  }

  private async enqueueBatch<E>(records: BatchRecord<E>[], input: (r: BatchRecord<E>) => EnqueueInput): Promise<void> {
    await this.inbox.onceManyOf(records, async (tx, fresh) => {
      await this.tasks.enqueueMany(tx, fresh.map(input));
    });
  }
}
