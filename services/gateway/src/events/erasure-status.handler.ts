import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErasureEvent, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { ErasuresRepository } from '../db/erasures.repository';

/**
 * erasures.v1 → the status of the gateway's erasure requests (group `gateway.erasures`):
 * ingestion's resolution and `item_erased`, and each holder's `applied`. Steps of one erasure
 * travel under different keys, so each is recorded on its own, in any order.
 */
@Injectable()
export class ErasureStatusHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly erasures: ErasuresRepository,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('gateway.erasures');
    this.runtime
      .consumer({ groupSuffix: 'erasures', fromBeginning: true })
      .subscribe(TOPICS.erasures, async (e: ErasureEvent, ctx) => {
        const step = e.step;
        if (step.case === 'requested' || step.case === undefined) return;
        await inbox.once(ctx, async (tx) => {
          if (step.case === 'resolved') await this.erasures.resolve(tx, e.erasureId, step.value.itemIds);
          else if (step.case === 'itemErased') await this.erasures.recordStep(tx, e.erasureId, step.value.itemId, 'ingestion', 1);
          else await this.erasures.recordStep(tx, e.erasureId, step.value.itemId, step.value.service, step.value.rows);
        });
      });
  }
}
