import { ErasureEvent, erasureApplied, TOPICS } from '@verity/contracts';
import { EventHandler, MessageContext, NonRetryableError } from '@verity/messaging';
import { EntityManager } from 'typeorm';
import type { EventRuntime } from '../event-runtime';

/**
 * One item's erasure as a holder of copies sees it: ingestion has erased the content itself, in
 * every project that held the item; `projectId` is the project the erasure was requested in.
 */
export interface ItemErasure {
  projectId: string;
  itemId: string;
  cause: ErasureEvent;
}

/** Erases a service's copies of one item (in every project) inside the inbox transaction; returns the rows erased or blanked. */
export type EraseCopies = (tx: EntityManager, e: ItemErasure) => Promise<number>;

/**
 * The handler of erasures.v1 for a service holding copies of items' content: on each
 * `item_erased` step (other steps are not its business), once per event id, it erases its copies
 * and announces `applied` through its outbox in the same transaction, so the gateway can show
 * the erasure's progress. Subscribe it on a group of its own (`groupSuffix: 'erasures'`,
 * from the beginning: an erasure must never be skipped).
 */
export function itemErasedHandler(
  runtime: EventRuntime,
  service: string,
  erase: EraseCopies,
): EventHandler<ErasureEvent> {
  const inbox = runtime.inbox(`${service}.erasures`);
  return async (event: ErasureEvent, ctx: MessageContext) => {
    if (event.step.case !== 'itemErased') return;
    const { itemId } = event.step.value;
    const projectId = event.envelope?.projectId ?? '';
    if (!projectId) throw new NonRetryableError('envelope.project_id: is empty');
    if (!itemId) throw new NonRetryableError('item_erased.item_id: is empty');
    const fresh = await inbox.once(ctx, async (tx) => {
      const rows = await erase(tx, { projectId, itemId, cause: event });
      await runtime.outbox.enqueue(
        tx,
        TOPICS.erasures,
        erasureApplied(event, service, itemId, rows),
      );
    });
    if (fresh) runtime.relay.kick();
  };
}

/** Rows a `… RETURNING` statement touched (TypeORM answers `[rows, count]` for UPDATE, `rows` for DELETE). */
export const affectedRows = (r: unknown[]): number =>
  (Array.isArray(r[0]) ? (r[0] as unknown[]) : r).length;

/** Drops the published (audit) outbox copies of one key on one topic from a service's schema; returns how many. */
export async function erasePublishedOutboxCopies(
  tx: EntityManager,
  schema: string,
  key: string,
  topic: string,
): Promise<number> {
  return affectedRows(
    await tx.query(
      `DELETE FROM ${schema}.outbox WHERE key = $1 AND topic = $2 AND published_at IS NOT NULL RETURNING id`,
      [key, topic],
    ),
  );
}
