import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { toJson } from '@bufbuild/protobuf';
import { Kafka } from 'kafkajs';
import type { Principal } from '@verity/auth';
import { decodeEvent, dlqTopicName, type TopicSpec } from '@verity/contracts';
import {
  type DeadLetter,
  deadLetterReason,
  DlqCipher,
  DlqDecryptError,
  EventProducer,
  type OffsetRange,
  parseDeadLetterId,
  readDeadLetter,
  readOffsetRanges,
  type RedriveRecord,
  redriveRecord,
} from '@verity/messaging';
import { badRequest, KAFKA, PLATFORM_CONFIG } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { DlqBounds, encodeCursor, mergeNewestFirst, parseCursor } from '../domain/dlq-cursor.codec';
import type { RedriveRequest } from '../http/operations.schemas';
import { OPS_READER_GROUP, OPS_TOPICS, type OpsTopics } from '../operations.settings';
import type { DeadLetterPage, DeadLetterTopicSummary, DeadLetterView, RedriveResult } from '../domain/operations.types';
import { redriveKey, RedriveLogRepository, type RedriveMark } from '../db/redrive-log.repository';

/** Newest records per partition the summary reads to count reasons. */
const REASON_SAMPLE_PER_PARTITION = 200;
/** Most dead letters one `{all: true}` call redrives. */
export const REDRIVE_ALL_MAX = 10000;
/** Records per partition read at a time by `{all: true}`. */
const ALL_WINDOW = 500;
/** Records published per transaction of the redrive log. */
const REDRIVE_CHUNK = 200;
/** Requested ids of one partition closer than this are read in one range. */
const ID_RANGE_GAP = 50;
/** Longest wait for the records of one read. */
const READ_TIMEOUT_MS = 10000;

interface PartitionOffsets {
  partition: number;
  low: number;
  high: number;
}

const byPartition = (a: { partition: number }, b: { partition: number }) => a.partition - b.partition;

/**
 * Dead letters of the contract topics: counts from the DLQ topics' offsets (kafkajs admin), the
 * records themselves read at explicit offsets by a throwaway, never-committing consumer group
 * (`readOffsetRanges`), and redrive back to the original topic with a log in
 * `gateway.dlq_redrives` so one dead letter is never redriven twice.
 */
@Injectable()
export class DeadLettersService {
  private readonly cipher?: DlqCipher;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly producer: EventProducer,
    private readonly redrives: RedriveLogRepository,
    @Inject(OPS_TOPICS) private readonly topics: OpsTopics,
    @Inject(PLATFORM_CONFIG) config: { DLQ_ENCRYPTION_KEY?: string },
    private readonly logger: Logger,
  ) {
    if (config.DLQ_ENCRYPTION_KEY) this.cipher = DlqCipher.fromBase64(config.DLQ_ENCRYPTION_KEY);
  }

  /** Every topic's DLQ: count, newest, top five reasons. */
  async summary(): Promise<{ topics: DeadLetterTopicSummary[] }> {
    const offsets = await this.dlqOffsets(this.topics.map((t) => dlqTopicName(t.name)));
    const ranges: OffsetRange[] = [];
    for (const [dlq, parts] of offsets) {
      for (const p of parts) {
        if (p.high > p.low) ranges.push({ topic: dlq, partition: p.partition, from: Math.max(p.low, p.high - REASON_SAMPLE_PER_PARTITION), to: p.high });
      }
    }
    const letters = (await this.read(ranges)).map(readDeadLetter);
    return {
      topics: this.topics.map((t) => {
        const dlq = dlqTopicName(t.name);
        const mine = letters.filter((d) => d.dlqTopic === dlq);
        const counts = new Map<string, number>();
        for (const d of mine) counts.set(deadLetterReason(d), (counts.get(deadLetterReason(d)) ?? 0) + 1);
        const reasons = [...counts.entries()]
          .map(([reason, count]) => ({ reason, count }))
          .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
          .slice(0, 5);
        const newestAt = mine.reduce<string | null>((m, d) => (m === null || d.at > m ? d.at : m), null);
        const count = (offsets.get(dlq) ?? []).reduce((n, p) => n + (p.high - p.low), 0);
        return { topic: t.name, dlqTopic: dlq, count, newestAt, reasons, reasonsSampled: mine.length };
      }),
    };
  }

  /**
   * DLQ depth per topic (verity_dlq_depth): the dead letters `<topic>.dlq` still keeps (end −
   * start of each partition) less the ones the redrive log says were redriven.
   */
  async depths(): Promise<{ topic: string; depth: number }[]> {
    const offsets = await this.dlqOffsets(this.topics.map((t) => dlqTopicName(t.name)));
    const out: { topic: string; depth: number }[] = [];
    for (const t of this.topics) {
      const parts = offsets.get(dlqTopicName(t.name)) ?? [];
      const kept = parts.reduce((n, p) => n + (p.high - p.low), 0);
      const redriven = kept > 0 ? await this.redrives.redrivenIn(dlqTopicName(t.name), parts) : 0;
      out.push({ topic: t.name, depth: Math.max(0, kept - redriven) });
    }
    return out;
  }

  /** One page of a topic's dead letters, newest first (keyset: see dlq-cursor.ts). */
  async page(topic: string, limit: number, after?: string): Promise<DeadLetterPage> {
    const spec = this.spec(topic);
    const dlq = dlqTopicName(spec.name);
    const parts = (await this.dlqOffsets([dlq])).get(dlq) ?? [];
    let bounds: DlqBounds | undefined;
    if (after !== undefined) {
      bounds = parseCursor(after);
      if (!bounds || [...bounds.keys()].some((p) => !parts.some((x) => x.partition === p))) {
        throw badRequest([{ field: 'after', reason: 'is not a cursor of this topic’s dead letters (pass a nextCursor as it was given)' }], 'query');
      }
    }
    const windows = parts.map((p) => {
      const upper = Math.min(bounds ? (bounds.get(p.partition) ?? p.low) : p.high, p.high);
      return { ...p, upper, lower: Math.max(p.low, upper - limit) };
    });
    const ranges = windows.filter((w) => w.upper > w.lower).map((w) => ({ topic: dlq, partition: w.partition, from: w.lower, to: w.upper }));
    const letters = (await this.read(ranges)).map(readDeadLetter);
    const runs = windows.map((w) => ({ partition: w.partition, records: this.contiguousTop(letters, w) }));
    const { taken, takenFrom } = mergeNewestFirst(runs, (d) => d.at, limit);
    const next: DlqBounds = new Map();
    for (const w of windows) {
      const got = takenFrom.get(w.partition);
      next.set(w.partition, got ? Number(got[got.length - 1].offset) : w.upper);
    }
    const more = windows.some((w) => next.get(w.partition)! > w.low);
    const marks = await this.redrives.marks(dlq, taken);
    return {
      records: taken.map((d) => this.view(spec, d, marks.get(redriveKey(d)))),
      nextCursor: more ? encodeCursor(next) : null,
    };
  }

  /** Publishes dead letters again to their original topic, once each. */
  async redrive(topic: string, req: RedriveRequest, principal: Principal): Promise<RedriveResult> {
    const spec = this.spec(topic);
    const dlq = dlqTopicName(spec.name);
    const by = `${principal.kind}:${principal.id}`;
    const parts = (await this.dlqOffsets([dlq])).get(dlq) ?? [];
    const result: RedriveResult = { redriven: 0, skipped: [], remaining: 0 };
    if (req.ids) {
      const ids = [...new Set(req.ids)];
      const wanted = new Map<string, { partition: number; offset: number }>();
      for (const id of ids) {
        const at = parseDeadLetterId(id)!;
        const p = parts.find((x) => x.partition === at.partition);
        if (!p) result.skipped.push({ id, reason: `no such partition in ${dlq}` });
        else if (at.offset >= p.high) result.skipped.push({ id, reason: `not in ${dlq} (beyond its end)` });
        else if (at.offset < p.low) result.skipped.push({ id, reason: `no longer in ${dlq} (removed by retention)` });
        else wanted.set(`${at.partition}:${at.offset}`, at);
      }
      const letters = new Map((await this.read(idRanges(dlq, [...wanted.values()]))).map(readDeadLetter).map((d) => [d.id, d]));
      const found: DeadLetter[] = [];
      for (const id of wanted.keys()) {
        const d = letters.get(id);
        if (d) found.push(d);
        else result.skipped.push({ id, reason: `not found in ${dlq} (not read in time, or removed)` });
      }
      await this.redriveLetters(spec, found, by, result, true);
      return result;
    }
    // all: every dead letter not redriven yet, oldest first, at most REDRIVE_ALL_MAX per call.
    const pos = new Map(parts.map((p) => [p.partition, p.low]));
    let handled = 0;
    while (handled < REDRIVE_ALL_MAX) {
      const ranges = parts
        .filter((p) => pos.get(p.partition)! < p.high)
        .map((p) => ({ topic: dlq, partition: p.partition, from: pos.get(p.partition)!, to: Math.min(p.high, pos.get(p.partition)! + ALL_WINDOW) }));
      if (ranges.length === 0) break;
      const read = (await this.read(ranges)).map(readDeadLetter);
      const letters: DeadLetter[] = [];
      for (const r of ranges) {
        const mine = this.contiguousFrom(read, r);
        if (mine.length === 0) throw new ServiceUnavailableException(`timed out reading ${dlq} partition ${r.partition} at ${r.from}`);
        letters.push(...mine);
      }
      const marks = await this.redrives.marks(dlq, letters);
      const fresh = letters.filter((d) => !marks.has(redriveKey(d)));
      const capped = fresh.length > REDRIVE_ALL_MAX - handled;
      const now = capped ? fresh.slice(0, REDRIVE_ALL_MAX - handled) : fresh;
      const taken = new Set(now);
      for (const r of ranges) {
        const seen = letters.filter((d) => d.partition === r.partition);
        let next = Number(seen[seen.length - 1].offset) + 1;
        if (capped) {
          // Stop right after the last record taken from this partition (or where it started).
          const waiting = fresh.filter((d) => d.partition === r.partition && !taken.has(d));
          if (waiting.length > 0) next = Number(waiting[0].offset);
        }
        pos.set(r.partition, next);
      }
      await this.redriveLetters(spec, now, by, result, false);
      handled += now.length;
      if (capped) break;
    }
    result.remaining = parts.reduce((n, p) => n + Math.max(0, p.high - pos.get(p.partition)!), 0);
    return result;
  }

  /**
   * Redrives in chunks, each in one transaction of the log: claim the rows, publish, commit. A
   * publish that fails rolls its chunk's claims back (reported as skipped, so it can be tried
   * again). With `reportAlready`, dead letters already redriven are listed as skipped.
   */
  private async redriveLetters(spec: TopicSpec, letters: DeadLetter[], by: string, result: RedriveResult, reportAlready: boolean) {
    const dlq = dlqTopicName(spec.name);
    const ready: { d: DeadLetter; record: RedriveRecord }[] = [];
    for (const d of letters) {
      if (d.origin.topic !== spec.name) {
        result.skipped.push({ id: d.id, reason: `dead-lettered from ${d.origin.topic}, not ${spec.name}` });
        continue;
      }
      try {
        ready.push({ d, record: redriveRecord(d, by, this.cipher) });
      } catch (err) {
        if (!(err instanceof DlqDecryptError)) throw err;
        result.skipped.push({ id: d.id, reason: `cannot be decrypted: ${err.message}` });
      }
    }
    for (let i = 0; i < ready.length; i += REDRIVE_CHUNK) {
      const chunk = ready.slice(i, i + REDRIVE_CHUNK);
      try {
        const outcome = await this.redrives.transaction(async (db) => {
          const claimed = await this.redrives.claim(db, dlq, chunk.map((c) => c.d), by);
          const already = chunk.filter((c) => !claimed.has(redriveKey(c.d)));
          const marks: Map<string, RedriveMark> = already.length ? await this.redrives.marks(dlq, already.map((c) => c.d), db) : new Map();
          const send = chunk.filter((c) => claimed.has(redriveKey(c.d)));
          await this.producer.publishRaw(spec.name, send.map((c) => ({ key: c.record.key, value: c.record.value, headers: c.record.headers })));
          return { sent: send.length, already: already.map((c) => ({ id: c.d.id, mark: marks.get(redriveKey(c.d)) })) };
        });
        result.redriven += outcome.sent;
        if (reportAlready) {
          for (const a of outcome.already) {
            result.skipped.push({ id: a.id, reason: a.mark ? `already redriven at ${a.mark.at} by ${a.mark.by}` : 'already redriven' });
          }
        }
      } catch (err) {
        this.logger.error('redrive failed', { topic: spec.name, records: chunk.length, error: err });
        for (const c of chunk) result.skipped.push({ id: c.d.id, reason: `could not publish to ${spec.name}: ${(err as Error).message}` });
      }
    }
    if (result.redriven > 0) this.logger.info('dead letters redriven', { topic: spec.name, by, redriven: result.redriven });
  }

  private spec(topic: string): TopicSpec {
    const spec = this.topics.find((t) => t.name === topic);
    if (!spec) throw new NotFoundException(`unknown topic ${topic}: the operations API serves the contract topics (TOPICS)`);
    return spec;
  }

  /** Partitions with start and end offsets of each DLQ topic that exists (missing ones: absent). */
  private async dlqOffsets(dlqs: string[]): Promise<Map<string, PartitionOffsets[]>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const out = new Map<string, PartitionOffsets[]>();
      for (const dlq of dlqs) {
        if (!existing.has(dlq)) continue;
        const offsets = await admin.fetchTopicOffsets(dlq);
        out.set(dlq, offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort(byPartition));
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  private read(ranges: OffsetRange[]) {
    return readOffsetRanges(this.kafka, ranges, { groupPrefix: OPS_READER_GROUP, timeoutMs: READ_TIMEOUT_MS });
  }

  /**
   * A partition's records of a page window, newest first, as the unbroken run down from the
   * window's top (a DLQ has no offset gaps). Its top missing means the read timed out: 503, so
   * a page never silently skips records.
   */
  private contiguousTop(letters: DeadLetter[], w: { partition: number; lower: number; upper: number }): DeadLetter[] {
    if (w.upper <= w.lower) return [];
    const mine = new Map(letters.filter((d) => d.partition === w.partition).map((d) => [Number(d.offset), d]));
    const out: DeadLetter[] = [];
    for (let o = w.upper - 1; o >= w.lower && mine.has(o); o--) out.push(mine.get(o)!);
    if (out.length === 0) throw new ServiceUnavailableException(`timed out reading dead letters of partition ${w.partition}`);
    return out;
  }

  /** The unbroken run of a range's records up from its start, oldest first. */
  private contiguousFrom(letters: DeadLetter[], r: OffsetRange): DeadLetter[] {
    const mine = new Map(letters.filter((d) => d.partition === r.partition).map((d) => [Number(d.offset), d]));
    const out: DeadLetter[] = [];
    for (let o = r.from; o < r.to && mine.has(o); o++) out.push(mine.get(o)!);
    return out;
  }

  /** The API's view: never the payload of a sensitive topic or an encrypted record. */
  private view(spec: TopicSpec, d: DeadLetter, mark?: RedriveMark): DeadLetterView {
    let payload: Record<string, unknown> | null = null;
    let projectId: string | undefined;
    if (!spec.sensitive && !d.encrypted) {
      try {
        const event = decodeEvent(spec, d.value);
        payload = toJson(spec.schema, event) as Record<string, unknown>;
        projectId = event.envelope?.projectId || undefined;
      } catch {
        payload = null; // undecodable bytes (often why it was dead-lettered)
      }
    }
    return {
      id: d.id,
      partition: d.partition,
      offset: Number(d.offset),
      at: d.at,
      key: d.key,
      reason: deadLetterReason(d),
      origin: {
        topic: d.origin.topic,
        partition: d.origin.partition,
        offset: d.origin.offset !== null && /^\d+$/.test(d.origin.offset) ? Number(d.origin.offset) : null,
        ...(d.origin.consumerGroup ? { consumerGroup: d.origin.consumerGroup } : {}),
      },
      ...(projectId ? { projectId } : {}),
      payload,
      encrypted: d.encrypted,
      redriven: mark ?? null,
    };
  }
}

/** Ranges covering requested offsets: offsets of a partition closer than ID_RANGE_GAP share one. */
export function idRanges(topic: string, ids: { partition: number; offset: number }[]): OffsetRange[] {
  const out: OffsetRange[] = [];
  const partitions = [...new Set(ids.map((i) => i.partition))];
  for (const partition of partitions) {
    const offsets = ids.filter((i) => i.partition === partition).map((i) => i.offset).sort((a, b) => a - b);
    let cur: OffsetRange | undefined;
    for (const o of offsets) {
      if (cur && o - (cur.to - 1) <= ID_RANGE_GAP) cur.to = Math.max(cur.to, o + 1);
      else {
        if (cur) out.push(cur);
        cur = { topic, partition, from: o, to: o + 1 };
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}
