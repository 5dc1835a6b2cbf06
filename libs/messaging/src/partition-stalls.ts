/** A partition whose next record keeps failing transiently (paused, retried until it succeeds). */
export interface StalledPartition {
  topic: string;
  partition: number;
  /** The record (or first record of the batch) being retried. */
  offset: string;
  /** When the partition last made progress before it stalled (RFC 3339). */
  since: string;
  stalledForMs: number;
  /** Handler calls so far for this record or batch. */
  attempts: number;
  /** The last failure's code (`ECONNREFUSED`, `57P01`…) or error class; never its message. */
  reason: string;
}

/** A consumer group's state for readiness: stalled once a partition has waited `stallMs` or more. */
export interface ConsumerHealth {
  groupId: string;
  stalled: boolean;
  stallMs: number;
  /** Every partition waiting on a transient failure, stalled or not yet. */
  partitions: StalledPartition[];
}

/** What the runner remembers about a partition between a transient failure and its retry. */
export interface StallEntry {
  topic: string;
  partition: number;
  offset: string;
  /** A lone record, or a batch handler's chunk starting at `offset`. */
  scope: 'record' | 'batch';
  sinceMs: number;
  attempts: number;
  poisonFailures: number;
  transientFailures: number;
  reason: string;
  /** Undecodable records of the chunk already dead-lettered (not again on the retry). */
  deadLettered: Set<string>;
  /** The record failed for good but its dead letter could not be written: write it on the retry. */
  pendingDeadLetter?: { error: unknown; attempts: number };
}

export type StallUpdate = Pick<StallEntry, 'attempts' | 'poisonFailures' | 'reason'> &
  Partial<Pick<StallEntry, 'deadLettered' | 'pendingDeadLetter'>>;

/**
 * The partitions of one consumer paused on a transient failure, and the timers that resume
 * them. An entry lives until the partition makes progress again (`clear`), so `since` is how
 * long the partition has been stuck, across retries of one record or of several.
 */
export class PartitionStalls {
  private readonly entries = new Map<string, StallEntry>();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** The entry of this partition if it is about the same record or chunk. */
  current(topic: string, partition: number, offset: string, scope: StallEntry['scope']): StallEntry | undefined {
    const e = this.entries.get(key(topic, partition));
    return e && e.offset === offset && e.scope === scope ? e : undefined;
  }

  /** Records a transient failure; counts restart when it is about another record than before. */
  fail(topic: string, partition: number, offset: string, scope: StallEntry['scope'], update: StallUpdate, now = Date.now()): StallEntry {
    const k = key(topic, partition);
    const prev = this.entries.get(k);
    const same = prev && prev.offset === offset && prev.scope === scope;
    const entry: StallEntry = {
      topic,
      partition,
      offset,
      scope,
      sinceMs: prev?.sinceMs ?? now,
      transientFailures: (same ? prev.transientFailures : 0) + 1,
      deadLettered: update.deadLettered ?? new Set(),
      pendingDeadLetter: update.pendingDeadLetter,
      attempts: update.attempts,
      poisonFailures: update.poisonFailures,
      reason: update.reason,
    };
    this.entries.set(k, entry);
    return entry;
  }

  /** The partition made progress. */
  clear(topic: string, partition: number): void {
    this.entries.delete(key(topic, partition));
  }

  /** Resumes the paused partition after `ms` (even after a rebalance: kafkajs keeps pauses across them). */
  resumeAfter(ms: number, resume: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      resume();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** After a rebalance: forget the partitions this member no longer owns. */
  retain(assignment: Record<string, number[]>): void {
    for (const [k, e] of this.entries) if (!assignment[e.topic]?.includes(e.partition)) this.entries.delete(k);
  }

  /** The consumer is gone: no pause to lift, nothing to report. */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.entries.clear();
  }

  health(groupId: string, stallMs: number, now = Date.now()): ConsumerHealth {
    const partitions = [...this.entries.values()].map((e) => ({
      topic: e.topic,
      partition: e.partition,
      offset: e.offset,
      since: new Date(e.sinceMs).toISOString(),
      stalledForMs: now - e.sinceMs,
      attempts: e.attempts,
      reason: e.reason,
    }));
    return { groupId, stallMs, stalled: partitions.some((p) => p.stalledForMs >= stallMs), partitions };
  }
}

function key(topic: string, partition: number) {
  return `${topic}\u0000${partition}`;
}
