import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { ErasureEvent, TOPICS } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { EraseContentUseCase } from '../use-cases/erase-content.use-case';

/** Kafka edge for erasures.v1 requests, on its own group (`ingestion.erasures`), from the beginning. */
@Controller()
export class ErasuresHandler {
  private readonly inbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly erase: EraseContentUseCase,
    private readonly logger: Logger,
  ) {
    this.inbox = runtime.inbox('ingestion.erasures');
  }

  @OnTopic(TOPICS.erasures, { group: 'erasures', consumer: { fromBeginning: true } })
  async erasure(@Payload() event: ErasureEvent, @Ctx() ctx: MessageContext): Promise<void> {
    if (event.step.case !== 'requested') return;
    await this.inbox.once(ctx, async (tx) => {
      const { announce, deleted } = await this.erase.execute(tx, event);
      for (const e of announce) await this.runtime.outbox.enqueue(tx, TOPICS.erasures, e);
      this.logger.info('erasure applied', {
        erasureId: event.erasureId,
        items: String(announce.length - 1),
        objectsDeleted: String(deleted),
      });
    });
    this.runtime.relay.kick();
  }
}
