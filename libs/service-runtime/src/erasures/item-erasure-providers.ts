import type { Provider, Type } from '@nestjs/common';
import { ITEM_COPIES_ERASER, type ItemCopiesEraser } from './item-erasures.consumer';

/** The eraser the shared erasures.v1 consumer (`ItemErasuresConsumer`, a controller) calls. */
export function itemErasureProviders(eraser: Type<ItemCopiesEraser>): Provider[] {
  return [eraser, { provide: ITEM_COPIES_ERASER, useExisting: eraser }];
}
