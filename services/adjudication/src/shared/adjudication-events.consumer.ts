import { Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { ApplyAnnotatorEventUseCase } from '../annotators/apply-annotator-event.use-case';
import { ApplyProjectSnapshotUseCase } from '../projects/apply-project-snapshot.use-case';
import { ReceiveRequestUseCase } from '../requests/receive-request.use-case';

/**
 * The Kafka side of the service (kept apart from the HTTP controllers): one consumer group,
 * every handler idempotent through the inbox (its writes and the inbox row commit together).
 */
@Injectable()
export class AdjudicationEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly projects: ApplyProjectSnapshotUseCase,
    private readonly requests: ReceiveRequestUseCase,
    private readonly annotators: ApplyAnnotatorEventUseCase,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox();
    // Project snapshots and annotator changes on their own group, so a backlog of requests
    // never delays them.
    const control = this.runtime.consumer({ groupSuffix: 'control', partitionsConsumedConcurrently: 2 });
    control.subscribe(TOPICS.projects, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.projects.execute(tx, ev, ctx.eventId).then(() => undefined));
    });
    const consumer = this.runtime.consumer({ partitionsConsumedConcurrently: 2 });
    consumer.subscribe(TOPICS.adjudications, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.requests.execute(tx, ev).then(() => undefined));
    });
    control.subscribe(TOPICS.annotators, async (ev, ctx) => {
      await inbox.once(ctx, (tx) => this.annotators.execute(tx, ev).then(() => undefined));
    });
  }
}
