import { Controller, Inject } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { type ErasureEvent, TOPICS } from '@verity/contracts';
import type { EventHandler, MessageContext } from '@verity/messaging';
import { EventRuntime, type ServiceIdentity } from '../event-runtime';
import { OnTopic } from '../events/topic-handler.decorator';
import { SERVICE_IDENTITY } from '../tokens';
import { type EraseCopies, itemErasedHandler } from './erasure-copies';

/** A service's eraser of its copies of one item (SQL in its `db/`). */
export interface ItemCopiesEraser {
  erase: EraseCopies;
}

export const ITEM_COPIES_ERASER = Symbol('ITEM_COPIES_ERASER');

/**
 * erasures.v1 for a service holding copies of items' content, the same in every such service: its
 * own group (`<service>.erasures`, from the beginning: an erasure is never skipped), once per
 * event id, the service's eraser and the `applied` announcement in one transaction.
 */
@Controller()
export class ItemErasuresConsumer {
  private readonly handle: EventHandler<ErasureEvent>;

  constructor(
    runtime: EventRuntime,
    @Inject(ITEM_COPIES_ERASER) eraser: ItemCopiesEraser,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.handle = itemErasedHandler(runtime, identity.service, (tx, e) => eraser.erase(tx, e));
  }

  @OnTopic(TOPICS.erasures, { group: 'erasures', consumer: { fromBeginning: true } })
  async erasure(@Payload() event: ErasureEvent, @Ctx() ctx: MessageContext): Promise<void> {
    await this.handle(event, ctx);
  }
}
