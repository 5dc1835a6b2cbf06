import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { DecisionEvent, ItemEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord, MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic, OnTopicBatch } from '@verity/service-runtime';
import { ApplyDecisionUseCase } from '../use-cases/apply-decision.use-case';
import { DecomposeItemUseCase } from '../use-cases/decompose-item.use-case';

type Config = { DECOMPOSITION_CONCURRENCY: number };

/** Kafka edge of decomposition's main path: items.v1 (in batches) and decisions.v1, once per event id. */
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
    const byCtx = new Map(records.map((r) => [r.ctx, r.event]));
    let created = 0;
    await this.items.onceMany(
      records.map((r) => r.ctx),
      async (tx, fresh) => {
        this.runtime.outbox.defer(tx);
        created = await this.decompose.executeMany(tx, fresh.map((c) => byCtx.get(c)!));
        await this.runtime.outbox.flush(tx);
      },
    );
    if (created > 0) this.runtime.relay.kick();
  }

  @OnTopic(TOPICS.decisions)
  async decision(@Payload() event: DecisionEvent, @Ctx() ctx: MessageContext): Promise<void> {
    let created = 0;
    await this.decisions.once(ctx, async (tx) => {
      const outcome = await this.decide.execute(tx, event);
      created = outcome.result === 'applied' ? outcome.created : 0;
    });
    if (created > 0) this.runtime.relay.kick();
  }
}
