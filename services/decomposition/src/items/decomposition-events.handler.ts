import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DecisionEvent, ItemEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { ApplyDecisionUseCase } from '../decisions/apply-decision.use-case';
import { DECOMPOSITION_SETTINGS } from '../decomposition.tokens';
import { DecomposeItemUseCase } from './decompose-item.use-case';

/** Kafka edge of decomposition's main path: items.v1 and decisions.v1, once per event id. */
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
      .subscribe(TOPICS.items, async (event: ItemEvent, ctx) => {
        let created = 0;
        await items.once(ctx, async (tx) => {
          created = await this.decompose.execute(tx, event);
        });
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
