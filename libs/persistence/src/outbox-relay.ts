import { DataSource } from 'typeorm';
import type { EventProducer } from '@verity/messaging';
import { Logger } from '@verity/telemetry';
import { assertSchemaName } from './schema-name';

export interface OutboxRelayOptions {
  schema: string;
  batchSize?: number;
  pollIntervalMs?: number;
  /**
   * An idle relay doubles its wait after each look that finds nothing, up to this (default
   * 1000 ms); a kick or a found row brings it back to pollIntervalMs. Kicked rows go out at once;
   * only rows nobody announced (a crashed writer's) wait up to this long.
   */
  maxPollIntervalMs?: number;
  /** Published rows older than this are deleted; they are kept for a while for audit. */
  retainPublishedMs?: number;
  /** Least time between two prunes (a prune scans the table; an idle relay polls every pollIntervalMs). */
  pruneIntervalMs?: number;
  logger?: Logger;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Publishes outbox rows in id order. One relay per schema is active at a time (a transaction
 * advisory lock), which keeps per-key order. A crash after publishing but before marking
 * re-sends the rows: consumers de-duplicate by event id, so the effect is exactly once.
 */
export class OutboxRelay {
  private readonly schema: string;
  private readonly lockKey: string;
  private timer?: NodeJS.Timeout;
  private running = false;
  private loopDone?: Promise<void>;
  private wake?: () => void;
  private lastPruneAt = 0;
  /**
   * The outbox was drained (the last batch found nothing, or fewer rows than a batch holds) and
   * nobody kicked since: the next poll looks (one statement) before it opens a batch.
   */
  private idle = false;
  /** Kicks so far: a kick during a batch means rows may have been committed after its read. */
  private kicks = 0;
  /** How long the next idle wait is (see maxPollIntervalMs). */
  private idleWaitMs: number;
  private readonly basePollMs: number;
  private readonly log: Logger;

  constructor(
    private readonly ds: DataSource,
    private readonly producer: EventProducer,
    private readonly opts: OutboxRelayOptions,
  ) {
    this.schema = assertSchemaName(opts.schema);
    this.lockKey = `${this.schema}.outbox`;
    this.log = (opts.logger ?? new Logger(`${this.schema}-outbox`)).child({ component: 'outbox-relay' });
    this.basePollMs = opts.pollIntervalMs ?? 100;
    this.idleWaitMs = this.basePollMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Asks the relay to look now rather than at the next poll (after a commit, say). */
  kick(): void {
    this.kicks++;
    this.idle = false;
    this.idleWaitMs = this.basePollMs;
    this.wake?.();
  }

  /** Waits for the batch in hand; no query runs after this resolves. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loopDone;
    this.loopDone = undefined;
  }

  /** Publishes one batch; returns how many rows were sent. */
  async publishBatch(): Promise<number> {
    const batchSize = this.opts.batchSize ?? 500;
    return this.ds.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [this.lockKey]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, topic, key, value, headers FROM "${this.schema}".outbox
         WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, OutboxRow[]>();
      for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
      for (const [topic, list] of byTopic) {
        await this.producer.publishRaw(
          topic,
          list.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        );
      }
      await tx.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  /** Rows not yet published (for readiness and tests). */
  async pending(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM "${this.schema}".outbox WHERE published_at IS NULL`);
    return n;
  }

  /**
   * Rows not yet published and the age of the oldest one, by the database clock (0 when none):
   * the outbox's health for metrics (`verity_outbox_backlog`, `verity_outbox_oldest_age_seconds`).
   */
  async backlog(): Promise<{ rows: number; oldestAgeSeconds: number }> {
    const [r] = await this.ds.query(
      `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
       FROM "${this.schema}".outbox WHERE published_at IS NULL`,
    );
    return { rows: Number(r.n), oldestAgeSeconds: Math.max(0, Number(r.age)) };
  }

  /**
   * Whether any row waits, in one statement outside a transaction. An idle relay polls with this
   * instead of a batch (a transaction, its lock and the read: four statements); with eight
   * services polling ten times a second, the batches were a quarter of the database's
   * transactions under the annotator load (bench/README.md).
   */
  private async anyPending(): Promise<boolean> {
    const [{ any }] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM "${this.schema}".outbox WHERE published_at IS NULL) AS any`);
    return any === true;
  }

  /**
   * A batch whenever kicked, or when a look finds rows. After a batch that was not full, the
   * outbox was drained as of its read: unless a kick came meanwhile, the relay goes back to
   * looking rather than opening another batch at once to find nothing (four statements; under
   * the annotator load that was a third of a service's relay transactions, bench/README.md).
   */
  private async loop(): Promise<void> {
    const batchSize = this.opts.batchSize ?? 500;
    while (this.running) {
      let sent = 0;
      let drained = true;
      try {
        if (!this.idle || (await this.anyPending())) {
          const kicksBefore = this.kicks;
          sent = await this.publishBatch();
          drained = sent < batchSize;
          this.idle = drained && this.kicks === kicksBefore;
        }
        if (sent === 0 && this.running) await this.prune();
      } catch (error) {
        if (!this.running) break;
        this.log.warn('outbox publish failed; will retry', { error });
        await this.sleep(1000);
        continue;
      }
      if (!(drained && this.idle && this.running)) continue;
      if (sent > 0) this.idleWaitMs = this.basePollMs;
      const wait = this.idleWaitMs;
      this.idleWaitMs = Math.max(this.basePollMs, Math.min(this.opts.maxPollIntervalMs ?? 1000, wait * 2));
      await this.sleep(wait);
    }
  }

  private async prune(): Promise<void> {
    if (Date.now() - this.lastPruneAt < (this.opts.pruneIntervalMs ?? 60000)) return;
    this.lastPruneAt = Date.now();
    const keepMs = this.opts.retainPublishedMs ?? 24 * 3600 * 1000;
    await this.ds.query(
      `DELETE FROM "${this.schema}".outbox WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`,
      [keepMs],
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      this.timer = setTimeout(done, ms);
    });
  }
}
