import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DecisionEvent, ItemEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopicBatch } from '@verity/service-runtime';
import { ApplyDecisionUseCase } from '../use-cases/apply-decision.use-case';
import { DecomposeItemUseCase } from '../use-cases/decompose-item.use-case';

type Config = { DECOMPOSITION_CONCURRENCY: number };

/** Kafka edge of decomposition's main path: items.v1 and decisions.v1, in batches, once per event id. */
@Controller()
export class DecompositionEventsHandler {
  private readonly items: Inbox;
  private readonly decisions: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly decompose: DecomposeItemUseCase,
    private readonly decide: ApplyDecisionUseCase,
  ) {
    this.items = runtime.inbox('decomposition.items');
    this.decisions = runtime.inbox('decomposition.decisions');
  }

  /**
   * In batches: one transaction per batch; a batch that keeps failing is handled record by record
   * by the consumer runner, so a bad item event is dead-lettered alone.
   */
  @OnTopicBatch(TOPICS.items, { consumer: (c: Config) => ({ partitionsConsumedConcurrently: c.DECOMPOSITION_CONCURRENCY }) })
  async itemBatch(@Payload() records: BatchRecord<ItemEvent>[]): Promise<void> {
    let created = 0;
    await this.items.onceManyOf(records, async (tx, fresh) => {
      this.runtime.outbox.defer(tx);
      created = await this.decompose.executeMany(tx, fresh.map((r) => r.event));
      await this.runtime.outbox.flush(tx);
    });
    if (created > 0) this.runtime.relay.kick();
  }

  /**
   * In batches too (decisions arrive at the rate quality decides): one transaction per batch, in
   * offset order; decisions.v1 is keyed by item, so concurrent batches never lock the same task.
   */
  @OnTopicBatch(TOPICS.decisions)
  async decisionBatch(@Payload() records: BatchRecord<DecisionEvent>[]): Promise<void> {
    let created = 0;
    await this.decisions.onceManyOf(records, async (tx, fresh) => {
      created = 0; // only what the committed attempt created
      this.runtime.outbox.defer(tx);
      for (const r of fresh) {
        const outcome = await this.decide.execute(tx, r.event);
        if (outcome.result === 'applied') created += outcome.created;
      }
      await this.runtime.outbox.flush(tx);
    });
    if (created > 0) this.runtime.relay.kick();
  }
}
