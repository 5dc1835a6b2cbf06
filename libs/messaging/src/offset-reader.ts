import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import type { RawHeaders } from './headers';

/** Offsets `[from, to)` of one partition. */
export interface OffsetRange {
  topic: string;
  partition: number;
  from: number;
  to: number;
}

/** A record as read from the broker, bytes untouched. */
export interface FetchedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RawHeaders;
  /** The record's broker timestamp (ms since the epoch, decimal). */
  timestamp: string;
}

export interface ReadRangesOptions {
  /** Gives up waiting for the records of one round after this long (returns what it has). Default 10 s. */
  timeoutMs?: number;
  /** Prefix of the throwaway consumer group (a random suffix is added). */
  groupPrefix?: string;
}

/** Sorts each partition's ranges and merges the ones that overlap or touch. */
export function mergeRanges(ranges: OffsetRange[]): OffsetRange[] {
  const byPartition = new Map<string, OffsetRange[]>();
  for (const r of ranges) {
    if (!(r.to > r.from)) continue;
    const k = `${r.topic}\u0000${r.partition}`;
    byPartition.set(k, [...(byPartition.get(k) ?? []), { ...r }]);
  }
  const out: OffsetRange[] = [];
  for (const list of byPartition.values()) {
    list.sort((a, b) => a.from - b.from);
    let cur = list[0];
    for (const r of list.slice(1)) {
      if (r.from <= cur.to) cur.to = Math.max(cur.to, r.to);
      else {
        out.push(cur);
        cur = r;
      }
    }
    out.push(cur);
  }
  return out;
}

/**
 * Reads the records at explicit offsets, bounded and without touching anyone's position: each
 * round is a throwaway consumer group (never commits, deleted afterwards) that pauses every
 * partition but the ones it reads, seeks each to its range's start before its first fetch, and
 * stops once every range is covered (or `timeoutMs` passes). Several ranges of one partition
 * take one round each.
 * Records come back in no particular order.
 */
export async function readOffsetRanges(
  kafka: Kafka,
  ranges: OffsetRange[],
  opts: ReadRangesOptions = {},
): Promise<FetchedRecord[]> {
  const merged = mergeRanges(ranges);
  const rounds: OffsetRange[][] = [];
  const seen = new Map<string, number>();
  for (const r of merged) {
    const k = `${r.topic}\u0000${r.partition}`;
    const i = seen.get(k) ?? 0;
    seen.set(k, i + 1);
    (rounds[i] ??= []).push(r);
  }
  const out: FetchedRecord[] = [];
  for (const round of rounds) out.push(...(await readRound(kafka, round, opts)));
  return out;
}

async function readRound(kafka: Kafka, round: OffsetRange[], opts: ReadRangesOptions): Promise<FetchedRecord[]> {
  const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const pending = new Map(round.map((r) => [key(r.topic, r.partition), r]));
  const got = new Map<string, FetchedRecord>();
  const topics = [...new Set(round.map((r) => r.topic))];
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const groupId = `${opts.groupPrefix ?? 'verity-offset-reader'}-${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
    retry: { retries: 3 },
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    const running = consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const k = key(batch.topic, batch.partition);
        const r = pending.get(k);
        if (!r) return;
        for (const m of batch.messages) {
          const o = Number(m.offset);
          if (o < r.from || o >= r.to) continue;
          got.set(`${k}\u0000${m.offset}`, {
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ?? null,
            value: m.value ?? null,
            headers: (m.headers ?? {}) as RawHeaders,
            timestamp: m.timestamp,
          });
        }
        // Covered once the broker has nothing below the range's end left to give.
        const last = Math.min(r.to, Number(batch.highWatermark)) - 1;
        if (Number(batch.lastOffset()) >= last) {
          pending.delete(k);
          consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
          if (pending.size === 0) finished();
        }
      },
    });
    // The group exists once run() is called: pause what is not read, seek what is, before the first fetch.
    consumer.pause(topics.map((topic) => ({ topic })));
    for (const r of round) {
      consumer.resume([{ topic: r.topic, partitions: [r.partition] }]);
      consumer.seek({ topic: r.topic, partition: r.partition, offset: String(r.from) });
    }
    await running;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allDone, new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.timeoutMs ?? 10000)))]);
    clearTimeout(timer);
  } finally {
    await consumer.disconnect();
    await dropGroup(kafka, groupId);
  }
  return [...got.values()];
}

/** Deletes a throwaway group at once (else the broker keeps it, empty, until its next clean-up); best effort. */
async function dropGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // the broker removes empty groups by itself eventually
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
