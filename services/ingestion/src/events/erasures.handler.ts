import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErasureEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { EraseContentUseCase } from '../use-cases/erase-content.use-case';

/** Kafka edge for erasures.v1 requests, on its own group (`ingestion.erasures`), from the beginning. */
@Injectable()
export class ErasuresHandler implements OnModuleInit {
  runner?: ConsumerRunner;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly erase: EraseContentUseCase,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('ingestion.erasures');
    this.runner = this.runtime
      .consumer({ groupSuffix: 'erasures', fromBeginning: true })
      .subscribe(TOPICS.erasures, async (event: ErasureEvent, ctx) => {
        if (event.step.case !== 'requested') return;
        await inbox.once(ctx, async (tx) => {
          const { announce, deleted } = await this.erase.execute(tx, event);
          for (const e of announce) await this.runtime.outbox.enqueue(tx, TOPICS.erasures, e);
          this.logger.info('erasure applied', {
            erasureId: event.erasureId,
            items: String(announce.length - 1),
            objectsDeleted: String(deleted),
          });
        });
        this.runtime.relay.kick();
      });
  }
}
