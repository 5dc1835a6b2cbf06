import type { Queryable } from '@verity/persistence';

/**
 * Values remembered for the life of one transaction (a batch of answers runs in one): keyed on
 * the transaction's EntityManager, so they vanish with it. Outside a transaction (a DataSource,
 * a plain manager) nothing is remembered: reads there must see the latest committed state.
 */
export class TxMemo<V> {
  private readonly byTx = new WeakMap<object, Map<string, V>>();

  /** @crossProject an in-memory cache, no table: its callers put the project id in the key */
  get(tx: Queryable, key: string): V | undefined {
    return this.byTx.get(tx)?.get(key);
  }

  /** @crossProject an in-memory cache, no table: its callers put the project id in the key */
  set(tx: Queryable, key: string, value: V): void {
    if (!inTransaction(tx)) return;
    let m = this.byTx.get(tx);
    if (!m) this.byTx.set(tx, (m = new Map()));
    m.set(key, value);
  }

  /** @crossProject an in-memory cache, no table: its callers put the project id in the key */
  delete(tx: Queryable, key: string): void {
    this.byTx.get(tx)?.delete(key);
  }
}

function inTransaction(tx: Queryable): boolean {
  return (tx as { queryRunner?: { isTransactionActive?: boolean } }).queryRunner?.isTransactionActive === true;
}
