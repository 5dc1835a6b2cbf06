import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeadLetter } from '@verity/messaging';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Db, rows } from '@verity/persistence';

/** The identity of a dead letter in the log: DLQ position and `verity-failed-at`. */
const keyOf = (partition: number, offset: string | number, failedAt: string) => `${partition}:${offset}:${failedAt}`;
export const redriveKey = (d: Pick<DeadLetter, 'partition' | 'offset' | 'failedAt'>) => keyOf(d.partition, d.offset, d.failedAt ?? '');

export interface RedriveMark {
  at: string;
  by: string;
}

/** gateway.dlq_redrives: which dead letters were redriven, when and by whom. */
@Injectable()
export class RedriveLogRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /**
   * Runs fn in one transaction (claim, publish, commit: a failed publish releases the claims).
   * @crossProject gateway.dlq_redrives logs Kafka dead letters by DLQ position, of any project (no project column)
   */
  transaction<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.ds.transaction((em) => fn(em));
  }

  /**
   * Records these dead letters as redriven by `by`; returns the keys of the ones that were not
   * recorded before (the others are already redriven, or being redriven by a concurrent call,
   * which this waits for).
   * @crossProject gateway.dlq_redrives logs Kafka dead letters by DLQ position, of any project (no project column)
   */
  async claim(db: Db, dlqTopic: string, letters: DeadLetter[], by: string): Promise<Set<string>> {
    if (letters.length === 0) return new Set();
    const claimed = await rows<{ p: number; o: string; f: string }>(
      db,
      `INSERT INTO gateway.dlq_redrives
         (dlq_topic, dlq_partition, dlq_offset, failed_at, original_topic, original_partition, original_offset, consumer_group, redriven_by)
       SELECT $1, p, o, f, ot, op, oo, g, $9
         FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::text[]) AS t(p, o, f, ot, op, oo, g)
       ON CONFLICT DO NOTHING
       RETURNING dlq_partition AS p, dlq_offset::text AS o, failed_at AS f`,
      [
        dlqTopic,
        letters.map((d) => d.partition),
        letters.map((d) => d.offset),
        letters.map((d) => d.failedAt ?? ''),
        letters.map((d) => d.origin.topic),
        letters.map((d) => d.origin.partition),
        letters.map((d) => d.origin.offset),
        letters.map((d) => d.origin.consumerGroup ?? null),
        by,
      ],
    );
    return new Set(claimed.map((r) => keyOf(r.p, r.o, r.f)));
  }

  /**
   * How many dead letters of these DLQ offset ranges `[low, high)` (the ones Kafka still keeps) were redriven.
   * @crossProject gateway.dlq_redrives logs Kafka dead letters by DLQ position, of any project (no project column)
   */
  async redrivenIn(dlqTopic: string, ranges: { partition: number; low: number; high: number }[]): Promise<number> {
    if (ranges.length === 0) return 0;
    const [r] = await rows<{ n: number }>(
      this.ds,
      `SELECT count(*)::int AS n FROM gateway.dlq_redrives r
         JOIN unnest($2::int[], $3::bigint[], $4::bigint[]) AS t(p, lo, hi)
           ON r.dlq_partition = t.p AND r.dlq_offset >= t.lo AND r.dlq_offset < t.hi
        WHERE r.dlq_topic = $1`,
      [dlqTopic, ranges.map((x) => x.partition), ranges.map((x) => x.low), ranges.map((x) => x.high)],
    );
    return Number(r?.n ?? 0);
  }

  /**
   * The marks of those of these dead letters that were redriven, by redriveKey.
   * @crossProject gateway.dlq_redrives logs Kafka dead letters by DLQ position, of any project (no project column)
   */
  async marks(dlqTopic: string, letters: Pick<DeadLetter, 'partition' | 'offset' | 'failedAt'>[], db: Db = this.ds): Promise<Map<string, RedriveMark>> {
    if (letters.length === 0) return new Map();
    const found = await rows<{ p: number; o: string; f: string; at: Date; by: string }>(
      db,
      `SELECT r.dlq_partition AS p, r.dlq_offset::text AS o, r.failed_at AS f, r.redriven_at AS at, r.redriven_by AS by
         FROM gateway.dlq_redrives r
         JOIN unnest($2::int[], $3::bigint[], $4::text[]) AS t(p, o, f)
           ON r.dlq_partition = t.p AND r.dlq_offset = t.o AND r.failed_at = t.f
        WHERE r.dlq_topic = $1`,
      [dlqTopic, letters.map((d) => d.partition), letters.map((d) => d.offset), letters.map((d) => d.failedAt ?? '')],
    );
    return new Map(found.map((r) => [keyOf(r.p, r.o, r.f), { at: r.at.toISOString(), by: r.by }]));
  }
}
