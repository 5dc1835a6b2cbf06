import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DecisionEvent, ItemEvent, TOPICS } from '@verity/contracts';
import { BatchRecord, ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { ApplyDecisionUseCase } from '../use-cases/apply-decision.use-case';
import { DECOMPOSITION_SETTINGS } from '../decomposition.settings';
import { DecomposeItemUseCase } from '../use-cases/decompose-item.use-case';

/** Kafka edge of decomposition's main path: items.v1 (in batches) and decisions.v1, once per event id. */
@Injectable()
export class DecompositionEventsHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly decompose: DecomposeItemUseCase,
    private readonly decide: ApplyDecisionUseCase,
    @Inject(DECOMPOSITION_SETTINGS) private readonly settings: { DECOMPOSITION_CONCURRENCY: number },
  ) {}

  onModuleInit(): void {
    const items = this.runtime.inbox('decomposition.items');
    const decisions = this.runtime.inbox('decomposition.decisions');
    this.runner = this.runtime
      .consumer({ partitionsConsumedConcurrently: this.settings.DECOMPOSITION_CONCURRENCY })
      // In batches: one transaction per batch; a batch that keeps failing is handled record by
      // record by the consumer runner, so a bad item event is dead-lettered alone.
      .subscribeBatch(TOPICS.items, async (records: BatchRecord<ItemEvent>[]) => {
        const byCtx = new Map(records.map((r) => [r.ctx, r.event]));
        let created = 0;
        await items.onceMany(
          records.map((r) => r.ctx),
          async (tx, fresh) => {
            this.runtime.outbox.defer(tx);
            created = await this.decompose.executeMany(tx, fresh.map((c) => byCtx.get(c)!));
            await this.runtime.outbox.flush(tx);
          },
        );
        if (created > 0) this.runtime.relay.kick();
      })
      .subscribe(TOPICS.decisions, async (event: DecisionEvent, ctx) => {
        let created = 0;
        await decisions.once(ctx, async (tx) => {
          const outcome = await this.decide.execute(tx, event);
          created = outcome.result === 'applied' ? outcome.created : 0;
        });
        if (created > 0) this.runtime.relay.kick();
      });
  }
}
