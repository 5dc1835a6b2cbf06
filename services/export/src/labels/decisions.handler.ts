import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DecisionEvent, TOPICS } from '@verity/contracts';
import { MessageContext } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { EXPORT_CONFIG, ExportConfig } from '../export.settings';
import { RecordDecisionUseCase } from './record-decision.use-case';

/** Kafka edge: decisions.v1 → RecordDecisionUseCase, once per event id (inbox). */
@Injectable()
export class DecisionsHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly record: RecordDecisionUseCase,
    private readonly logger: Logger,
    @Inject(EXPORT_CONFIG) private readonly config: Pick<ExportConfig, 'EXPORT_DECISIONS_CONCURRENCY'>,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('export.decisions');
    this.runtime
      .consumer({ partitionsConsumedConcurrently: this.config.EXPORT_DECISIONS_CONCURRENCY })
      .subscribe(TOPICS.decisions, async (d: DecisionEvent, ctx: MessageContext) => {
        let published = false;
        await inbox.once(ctx, async (tx) => {
          const outcome = await this.record.execute(tx, d);
          published = outcome.kind === 'new_version';
          if (outcome.kind !== 'new_version') {
            this.logger.debug('decision made no new label version', { eventId: ctx.eventId, ...outcome });
          }
        });
        if (published) this.runtime.relay.kick();
      });
  }
}
