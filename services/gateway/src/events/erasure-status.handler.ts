import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { ErasureEvent, TOPICS } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic } from '@verity/service-runtime';
import { ErasuresRepository } from '../db/erasures.repository';

/**
 * erasures.v1 → the status of the gateway's erasure requests (group `gateway.erasures`):
 * ingestion's resolution and `item_erased`, and each holder's `applied`. Steps of one erasure
 * travel under different keys, so each is recorded on its own, in any order.
 */
@Controller()
export class ErasureStatusHandler {
  private readonly inbox: Inbox;

  constructor(
    runtime: EventRuntime,
    private readonly erasures: ErasuresRepository,
  ) {
    this.inbox = runtime.inbox('gateway.erasures');
  }

  @OnTopic(TOPICS.erasures, { group: 'erasures', consumer: { fromBeginning: true } })
  async step(@Payload() e: ErasureEvent, @Ctx() ctx: MessageContext): Promise<void> {
    const step = e.step;
    if (step.case === 'requested' || step.case === undefined) return;
    // Every step carries the envelope of the request it follows, so the project the erasure was asked in.
    const projectId = e.envelope?.projectId ?? '';
    await this.inbox.once(ctx, async (tx) => {
      if (step.case === 'resolved') await this.erasures.resolve(tx, projectId, e.erasureId, step.value.itemIds);
      else if (step.case === 'itemErased') await this.erasures.recordStep(tx, projectId, e.erasureId, step.value.itemId, 'ingestion', 1);
      else await this.erasures.recordStep(tx, projectId, e.erasureId, step.value.itemId, step.value.service, step.value.rows);
    });
  }
}
