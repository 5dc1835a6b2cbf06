import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { type Context, type Link, Logger, type Span, SpanKind, context, extractTraceContext, trace, tracer, withSpan } from '@verity/telemetry';
import { withCauseTraces } from './cause-traces';
import { dlqName, EventCodec, EventTopic } from './event-topic';
import { DLQ_ENCRYPTION_ALGORITHM, dlqAad, DlqCipher } from './dlq-cipher';
import { errorClass, errorMessage, isNonRetryable } from './errors';
import { classifyFailure } from './failure-class';
import { HEADER, RawHeaders } from './headers';
import { backoffMs, DEFAULT_RETRY, RetryPolicy, transientBackoffMs } from './retry-policy';
import { EventProducer } from './event-producer';
import { ConsumerHealth, PartitionStalls, StallEntry, StallUpdate } from './partition-stalls';

/** What a handler knows about the record besides the decoded event. */
export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: RawHeaders;
  attempt: number;
  eventId: string;
}

export type EventHandler<E> = (event: E, ctx: MessageContext) => Promise<void>;

/**
 * One decoded record of a batch; `trace` is the context of the record's own `process` span (a
 * child of its producer's span): run per-record work in it (`context.with(r.trace, …)`), so what
 * the record causes continues its item's trace.
 */
export interface BatchRecord<E> {
  event: E;
  ctx: MessageContext;
  trace: Context;
}

/** Handles a batch of records of one partition, in offset order; it succeeds or fails as a whole. */
export type BatchHandler<E> = (records: BatchRecord<E>[]) => Promise<void>;

/**
 * What one fetch brings at most (decision 77). kafkajs's own defaults (10 MiB, 1 MiB per
 * partition) let a service under load hold several hundred MiB of fetched and decoded records
 * and what its batches build from them; these keep throughput within the run-to-run spread of
 * bench/pipeline/ingest.bench.ts and, with a capped heap, the services under 300 MiB.
 */
export const DEFAULT_FETCH_LIMITS = { maxBytes: 1024 * 1024, maxBytesPerPartition: 128 * 1024 } as const;

/**
 * How long the group coordinator waits for a member's heartbeat before it gives the member's
 * partitions to the others (kafkajs `sessionTimeout`). After a crash (kill -9, OOM kill), its
 * partitions wait this long: the group's survivors, or the member's restarted process, take them
 * over only once the coordinator has given up on it. A clean stop leaves the group at once.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 30_000;

/** How long start() keeps trying to subscribe to topics whose partitions have no leader yet. */
export const SUBSCRIBE_PATIENCE_MS = 30_000;

export interface ConsumerRunnerOptions {
  groupId: string;
  retry?: Partial<RetryPolicy>;
  /** Where a new group starts: earliest by default, so nothing published before start is missed. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Default DEFAULT_SESSION_TIMEOUT_MS; at least 2 heartbeat intervals (3 s each), within the broker's group.min/max.session.timeout.ms. */
  sessionTimeoutMs?: number;
  /** How often handled offsets are committed (they are always committed on a clean stop). */
  autoCommitIntervalMs?: number;
  /** Most records one batch handler call gets (a larger fetched batch is handled in chunks). */
  maxBatchRecords?: number;
  /**
   * Most bytes one fetch brings, over all partitions, and per partition (kafkajs `maxBytes`,
   * `maxBytesPerPartition`). What a consumer holds at once follows from them: a fetch's records,
   * decoded, and everything its batches build. Defaults DEFAULT_FETCH_LIMITS; a record larger
   * than either still comes, alone (the broker always returns a partition's first record).
   */
  fetchMaxBytes?: number;
  fetchMaxBytesPerPartition?: number;
  /**
   * How long a partition may wait on a transient failure before `health()` says the consumer is
   * stalled (readiness turns false; it turns true again when the partition moves). Default 60 s.
   */
  stallMs?: number;
  /**
   * Seals the dead letters of sensitive topics (`EventTopic.sensitive`). Subscribing to a
   * sensitive topic without it throws: a sensitive payload is never dead-lettered in clear.
   */
  dlqCipher?: DlqCipher;
  logger?: Logger;
  /** Told of records handled, failed handler attempts and dead letters written, per topic (metrics). */
  onRecords?: (topic: string, outcome: 'handled' | 'failed' | 'deadLettered', records: number) => void;
}

/** Thrown by subscribe when a sensitive topic has no DLQ cipher; names the setting that provides one. */
export class MissingDlqKeyError extends Error {
  readonly setting = 'DLQ_ENCRYPTION_KEY';
  constructor(topic: string) {
    super(`DLQ_ENCRYPTION_KEY is required: ${topic} is sensitive, so its dead letters are written encrypted`);
    this.name = 'MissingDlqKeyError';
  }
}

export interface ConsumerStats {
  processed: number;
  retried: number;
  deadLettered: number;
  /** Batches that kept failing and were handled record by record instead. */
  batchesSplit: number;
  /** Times a partition was paused on a transient failure (each followed by a retry). */
  paused: number;
  /** Group joins of this consumer: 1 after start, one more per rebalance it took part in. */
  groupJoins: number;
}

type Subscription =
  | { kind: 'record'; topic: EventTopic<unknown>; handler: EventHandler<unknown> }
  | { kind: 'batch'; topic: EventTopic<unknown>; handler: BatchHandler<unknown> };

interface DecodedRecord {
  message: KafkaMessage;
  record: BatchRecord<unknown>;
}

/** The partition a record or chunk came from, and what kafkajs lets us do to it. */
interface Place {
  topic: string;
  partition: number;
  heartbeat: () => Promise<void>;
  /** Pauses fetching from this partition; returns the function that resumes it. */
  pause: () => () => void;
}

/**
 * `done`: handled or dead-lettered, its offset may be resolved. `paused`: failed transiently,
 * the partition is paused and will be fetched again from this record. `left`: the consumer is
 * stopping; the offset stays unresolved for the next owner.
 */
type Outcome = 'done' | 'paused' | 'left';

const DEFAULT_MAX_BATCH_RECORDS = 500;
const DEFAULT_STALL_MS = 60000;
const HEARTBEAT_INTERVAL_MS = 3000;
/** How often a running handler is interrupted to heartbeat (kafkajs sends one when due). */
const HEARTBEAT_TICK_MS = 1000;

/**
 * Runs handlers for one consumer group. Each record is decoded and handled inside a consumer
 * span that continues the producer's trace. A failure is classified (`classifyFailure`):
 * - poison: retried with backoff, and after the last attempt (or at once, for an error retrying
 *   cannot fix) copied to `<topic>.dlq` with headers saying why, so it never blocks its partition;
 * - transient (a dependency is down): the partition is paused and the record retried with capped
 *   backoff for as long as it takes, never dead-lettered; other partitions keep flowing, and
 *   `health()` reports the consumer stalled once a partition has waited `stallMs`.
 * Handlers heartbeat while they run, so a long handler does not cost the group a rebalance.
 * Offsets are committed only after a record is handled or dead-lettered: delivery is
 * at-least-once, and handlers make it exactly-once in effect with the inbox.
 *
 * `subscribeBatch` hands a handler up to `maxBatchRecords` records of one partition at once (one
 * transaction per batch, say). A batch that keeps failing is handled again record by record, each
 * with the usual retries and DLQ, so one poison record never dead-letters its neighbours.
 */
export class ConsumerRunner {
  private readonly subs = new Map<string, Subscription>();
  private consumer?: Consumer;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;
  private stopping = false;
  private readonly stalls = new PartitionStalls();
  readonly stats: ConsumerStats = { processed: 0, retried: 0, deadLettered: 0, batchesSplit: 0, paused: 0, groupJoins: 0 };

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: EventCodec,
    private readonly dlqProducer: EventProducer,
    private readonly opts: ConsumerRunnerOptions,
  ) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.log = (opts.logger ?? new Logger(opts.groupId)).child({ group: opts.groupId });
  }

  subscribe<E>(topic: EventTopic<E>, handler: EventHandler<E>): this {
    if (this.consumer) throw new Error('subscribe before start()');
    this.checkDlqKey(topic);
    this.subs.set(topic.name, { kind: 'record', topic: topic as EventTopic<unknown>, handler: handler as EventHandler<unknown> });
    return this;
  }

  /** Like subscribe, but the handler gets the records of a fetched batch together (see the class comment). */
  subscribeBatch<E>(topic: EventTopic<E>, handler: BatchHandler<E>): this {
    if (this.consumer) throw new Error('subscribeBatch before start()');
    this.checkDlqKey(topic);
    this.subs.set(topic.name, { kind: 'batch', topic: topic as EventTopic<unknown>, handler: handler as BatchHandler<unknown> });
    return this;
  }

  private checkDlqKey(topic: EventTopic<unknown>) {
    if (topic.sensitive && !this.opts.dlqCipher) throw new MissingDlqKeyError(topic.name);
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.dlqProducer.connect();
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.opts.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      // A fetch long-polls idle partitions this long; a partition resumed after a transient
      // failure is fetched again at the next fetch, so this bounds how late its retry comes.
      maxWaitTimeInMs: 1000,
      maxBytes: this.opts.fetchMaxBytes ?? DEFAULT_FETCH_LIMITS.maxBytes,
      maxBytesPerPartition: this.opts.fetchMaxBytesPerPartition ?? DEFAULT_FETCH_LIMITS.maxBytesPerPartition,
      allowAutoTopicCreation: false,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      const { error, restart } = e.payload as { error: Error; restart: boolean };
      this.log.error('consumer crashed', { error, restart });
      // kafkajs restarts on retriable errors itself; on others we make a fresh consumer.
      if (!restart && !this.stopping) {
        setTimeout(() => void this.restart(), 2000).unref();
      }
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.stats.groupJoins++;
      this.stalls.retain(e.payload.memberAssignment);
    });
    await consumer.connect();
    await this.subscribeWhenReady(consumer);
    const common = {
      autoCommit: true,
      autoCommitInterval: this.opts.autoCommitIntervalMs ?? 1000,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
    };
    // eachBatch for record subscriptions too: a transiently failing record must leave its offset
    // unresolved while the handler returns (eachMessage resolves it; throwing restarts every fetcher).
    await consumer.run({ ...common, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /**
   * kafkajs's subscribe reads the topics' metadata once, without its retrier: a topic another
   * process created a moment ago can answer UNKNOWN_TOPIC_OR_PARTITION ("This server does not
   * host this topic-partition") until its partitions have leaders, and the service would stop at
   * start-up. A retriable error is tried again (backoff up to 2 s, for about 30 s); any other, or
   * the last, is thrown.
   */
  private async subscribeWhenReady(consumer: Consumer): Promise<void> {
    const deadline = Date.now() + SUBSCRIBE_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer.subscribe({ topics: [...this.subs.keys()], fromBeginning: this.opts.fromBeginning ?? true });
        return;
      } catch (err) {
        if ((err as { retriable?: boolean }).retriable !== true || Date.now() >= deadline) throw err;
        this.log.warn('topics not ready to subscribe yet; trying again', { attempt, error: err as Error });
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** (attempt - 1))));
      }
    }
  }

  /** The group and the topics it reads (for lag metrics). */
  subscription(): { groupId: string; topics: string[] } {
    return { groupId: this.opts.groupId, topics: [...this.subs.keys()] };
  }

  /** Partitions waiting on a transient failure; `stalled` once one has waited `stallMs`. */
  health(now = Date.now()): ConsumerHealth {
    return this.stalls.health(this.opts.groupId, this.opts.stallMs ?? DEFAULT_STALL_MS, now);
  }

  /** Finishes the record in hand, commits, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.consumer;
    this.consumer = undefined;
    if (c) await c.disconnect();
    this.stalls.reset();
  }

  private async restart(): Promise<void> {
    try {
      await this.stop();
      await this.start();
      this.log.info('consumer restarted');
    } catch (error) {
      this.log.error('consumer restart failed; retrying', { error });
      setTimeout(() => void this.restart(), 5000).unref();
    }
  }

  /** eachBatch: record subscriptions one by one; batch subscriptions in chunks. Offsets resolve as records are handled. */
  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale, pause } = payload;
    const sub = this.subs.get(batch.topic)!;
    const live = () => isRunning() && !isStale() && !this.stopping;
    const at: Place = { topic: batch.topic, partition: batch.partition, heartbeat, pause };
    if (sub.kind === 'record') {
      for (const message of batch.messages) {
        if (!live()) return;
        if ((await this.handle(at, message)) !== 'done') return;
        resolveOffset(message.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      }
      return;
    }
    const size = Math.max(1, this.opts.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS);
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!live()) return;
      const chunk = batch.messages.slice(i, i + size);
      if ((await this.handleChunk(sub.handler, at, chunk, resolveOffset)) !== 'done') return;
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** One record: decode, handle with retries; poison ends in the DLQ, transient pauses the partition. */
  private async handle(at: Place, message: KafkaMessage): Promise<Outcome> {
    const { topic, partition } = at;
    const sub = this.subs.get(topic)!;
    const handler: EventHandler<unknown> =
      sub.kind === 'record' ? sub.handler : (event, ctx) => sub.handler([{ event, ctx, trace: context.active() }]);
    const headers = (message.headers ?? {}) as RawHeaders;
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.kafka.partition': partition,
      'messaging.kafka.offset': message.offset,
      'messaging.consumer.group.name': this.opts.groupId,
    };
    return withSpan(`process ${topic}`, SpanKind.CONSUMER, extractTraceContext(headers), attributes, async (): Promise<Outcome> => {
      const prior = this.stalls.current(topic, partition, message.offset, 'record');
      let attempt = prior?.attempts ?? 0;
      let poisonFailures = prior?.poisonFailures ?? 0;
      if (prior?.pendingDeadLetter) {
        const { error, attempts } = prior.pendingDeadLetter;
        return this.deadLetterOrStall(at, message, error, attempts, { attempts, poisonFailures });
      }
      let event: unknown;
      try {
        event = this.codec.decode(sub.topic, message.value ?? Buffer.alloc(0));
      } catch (err) {
        return this.deadLetterOrStall(at, message, err, 1, { attempts: 0, poisonFailures: 0 });
      }
      const ctx = {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        headers,
        eventId: this.codec.eventId(event),
      };
      for (;;) {
        attempt++;
        try {
          await this.withHeartbeats(at.heartbeat, () => handler(event, { ...ctx, attempt }));
          this.stalls.clear(topic, partition);
          this.stats.processed++;
          this.opts.onRecords?.(topic, 'handled', 1);
          return 'done';
        } catch (err) {
          this.opts.onRecords?.(topic, 'failed', 1);
          if (classifyFailure(err) === 'transient') {
            return this.stall(at, message.offset, 'record', err, { attempts: attempt, poisonFailures, reason: reasonOf(err) });
          }
          poisonFailures++;
          if (isNonRetryable(err) || poisonFailures >= this.retry.attempts) {
            return this.deadLetterOrStall(at, message, err, attempt, { attempts: attempt, poisonFailures });
          }
          // Shutting down mid-retry: leave the offset unresolved so the next owner retries.
          if (this.stopping) return 'left';
          this.stats.retried++;
          this.log.warn('handler failed; retrying', { topic, partition, offset: message.offset, attempt, error: err });
          await this.sleepWithHeartbeat(backoffMs(this.retry, poisonFailures), at.heartbeat);
        }
      }
    });
  }

  /**
   * One chunk for a batch handler: undecodable records go to the DLQ alone; the rest are handled
   * together, retried as a whole (a transient failure pauses the partition and retries the chunk
   * later); if the batch still fails as poison, each record is handled on its own.
   */
  private async handleChunk(
    handler: BatchHandler<unknown>,
    at: Place,
    messages: KafkaMessage[],
    resolveOffset: (offset: string) => void,
  ): Promise<Outcome> {
    const { topic, partition } = at;
    const first = messages[0].offset;
    const sub = this.subs.get(topic)!;
    const prior = this.stalls.current(topic, partition, first, 'batch');
    const counts = { attempts: prior?.attempts ?? 0, poisonFailures: prior?.poisonFailures ?? 0 };
    const deadLettered = new Set(prior?.deadLettered);
    const decoded: DecodedRecord[] = [];
    for (const message of messages) {
      if (deadLettered.has(message.offset)) continue;
      let event: unknown;
      try {
        event = this.codec.decode(sub.topic, message.value ?? Buffer.alloc(0));
      } catch (err) {
        try {
          await this.deadLetter(topic, partition, message, err, 1);
        } catch (dlqError) {
          return this.stall(at, first, 'batch', dlqError, { ...counts, reason: reasonOf(dlqError), deadLettered });
        }
        deadLettered.add(message.offset);
        continue;
      }
      const headers = (message.headers ?? {}) as RawHeaders;
      decoded.push({
        message,
        record: {
          event,
          trace: extractTraceContext(headers),
          ctx: {
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            headers,
            attempt: 1,
            eventId: this.codec.eventId(event),
          },
        },
      });
    }
    if (decoded.length === 0) {
      this.stalls.clear(topic, partition);
      return 'done';
    }
    const recordSpans = this.startRecordSpans(topic, partition, decoded);
    const result = await this.withBatchSpan(topic, partition, decoded, recordSpans, async (): Promise<Outcome | 'split'> => {
      let { attempts: attempt, poisonFailures } = counts;
      for (;;) {
        attempt++;
        try {
          const records = decoded.map((d) => ({ ...d.record, ctx: { ...d.record.ctx, attempt } }));
          const causes = records.map((r) => ({ eventId: r.ctx.eventId, trace: r.trace }));
          await this.withHeartbeats(at.heartbeat, () => withCauseTraces(causes, () => handler(records)));
          return 'done';
        } catch (err) {
          this.opts.onRecords?.(topic, 'failed', decoded.length);
          if (classifyFailure(err) === 'transient') {
            return this.stall(at, first, 'batch', err, { attempts: attempt, poisonFailures, reason: reasonOf(err), deadLettered });
          }
          poisonFailures++;
          const where = { topic, partition, firstOffset: first, records: decoded.length, attempt, error: err };
          if (isNonRetryable(err) || poisonFailures >= this.retry.attempts) {
            this.log.warn('batch handler failed; handling its records one by one', where);
            return 'split';
          }
          if (this.stopping) return 'left'; // leave the offsets unresolved for the next owner
          this.stats.retried++;
          this.log.warn('batch handler failed; retrying', where);
          await this.sleepWithHeartbeat(backoffMs(this.retry, poisonFailures), at.heartbeat);
        }
      }
    });
    for (const span of recordSpans) {
      if (result !== 'done') span.setStatus({ code: 2, message: `batch ${result}` });
      span.end();
    }
    if (result === 'done') {
      this.stats.processed += decoded.length;
      this.opts.onRecords?.(topic, 'handled', decoded.length);
      this.stalls.clear(topic, partition);
      return 'done';
    }
    if (result !== 'split') return result;
    this.stats.batchesSplit++;
    for (const d of decoded) {
      const out = this.stopping ? 'left' : await this.handle(at, d.message);
      if (out === 'done') continue;
      // Keep what is settled: everything before this record was handled or dead-lettered.
      const i = messages.indexOf(d.message);
      if (i > 0) resolveOffset(messages[i - 1].offset);
      return out;
    }
    return 'done';
  }

  /**
   * A transient failure: remember the record's counts, pause its partition (the next fetch after
   * the resume starts again from this record) and resume it after a capped backoff.
   */
  private stall(at: Place, offset: string, scope: StallEntry['scope'], err: unknown, update: StallUpdate): Outcome {
    if (this.stopping) return 'left';
    const entry = this.stalls.fail(at.topic, at.partition, offset, scope, update);
    const waitMs = transientBackoffMs(this.retry, entry.transientFailures);
    this.stats.retried++;
    this.stats.paused++;
    this.log.warn('transient failure; partition paused, retrying', {
      topic: at.topic,
      partition: at.partition,
      offset,
      attempt: update.attempts,
      stalledForMs: Date.now() - entry.sinceMs,
      retryInMs: waitMs,
      error: err,
    });
    this.stalls.resumeAfter(waitMs, at.pause());
    return 'paused';
  }

  /** Dead-letters a record; if the DLQ cannot be written, stalls the partition and writes it on the retry. */
  private async deadLetterOrStall(
    at: Place,
    message: KafkaMessage,
    err: unknown,
    attempts: number,
    counts: { attempts: number; poisonFailures: number },
  ): Promise<Outcome> {
    try {
      await this.deadLetter(at.topic, at.partition, message, err, attempts);
    } catch (dlqError) {
      return this.stall(at, message.offset, 'record', dlqError, {
        ...counts,
        reason: reasonOf(dlqError),
        pendingDeadLetter: { error: err, attempts },
      });
    }
    this.stalls.clear(at.topic, at.partition);
    return 'done';
  }

  /** Runs a handler while heartbeating, so a handler slower than the session timeout keeps its partitions. */
  private async withHeartbeats<T>(heartbeat: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      // A failed heartbeat (e.g. a rebalance starting) surfaces again at the next one kafkajs makes.
      heartbeat().catch((error) => this.log.debug('heartbeat during handler failed', { error }));
    }, HEARTBEAT_TICK_MS);
    try {
      return await fn();
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * One `process <topic>` span per record of a batch, a child of that record's producer span, so
   * each item's trace goes on through a batch; the record's `trace` becomes that span's context.
   */
  private startRecordSpans(topic: string, partition: number, decoded: DecodedRecord[]): Span[] {
    return decoded.map((d) => {
      const span = tracer().startSpan(
        `process ${topic}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.destination.name': topic,
            'messaging.kafka.partition': partition,
            'messaging.kafka.offset': d.message.offset,
            'messaging.consumer.group.name': this.opts.groupId,
            'verity.batched': true,
          },
        },
        d.record.trace,
      );
      d.record.trace = trace.setSpan(d.record.trace, span);
      return span;
    });
  }

  /** One consumer span per batch, linked to its records' spans (the first 128). */
  private withBatchSpan<T>(topic: string, partition: number, decoded: DecodedRecord[], recordSpans: Span[], fn: () => Promise<T>): Promise<T> {
    const links: Link[] = recordSpans.slice(0, 128).map((span) => ({ context: span.spanContext() }));
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.kafka.partition': partition,
      'messaging.kafka.offset': decoded[0].message.offset,
      'messaging.batch.message_count': decoded.length,
      'messaging.consumer.group.name': this.opts.groupId,
    };
    return withSpan(`process ${topic} batch`, SpanKind.CONSUMER, context.active(), attributes, fn, links);
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, err: unknown, attempts: number) {
    const headers: Record<string, string | Buffer> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v[0] : v;
    }
    Object.assign(headers, {
      [HEADER.errorClass]: errorClass(err),
      [HEADER.errorMessage]: errorMessage(err),
      [HEADER.originalTopic]: topic,
      [HEADER.originalPartition]: String(partition),
      [HEADER.originalOffset]: message.offset,
      [HEADER.attempts]: String(attempts),
      [HEADER.consumerGroup]: this.opts.groupId,
      [HEADER.failedAt]: new Date().toISOString(),
    });
    let value = message.value ?? Buffer.alloc(0);
    if (this.subs.get(topic)?.topic.sensitive) {
      // Sensitive topics: the payload is sealed; key and headers stay readable for operators.
      const cipher = this.opts.dlqCipher;
      if (!cipher) throw new MissingDlqKeyError(topic); // unreachable: subscribe refuses
      value = cipher.seal(value, dlqAad(topic, partition, message.offset));
      headers[HEADER.dlqEncryption] = DLQ_ENCRYPTION_ALGORITHM;
      headers[HEADER.dlqKeyId] = cipher.keyId;
    } else {
      delete headers[HEADER.dlqEncryption];
      delete headers[HEADER.dlqKeyId];
    }
    // If the DLQ write fails this throws, the offset is not committed, and the record is retried.
    await this.dlqProducer.publishRaw(dlqName(topic), [{ key: message.key?.toString() ?? null, value, headers }]);
    this.stats.deadLettered++;
    this.opts.onRecords?.(topic, 'deadLettered', 1);
    this.log.error('record dead-lettered', {
      topic,
      partition,
      offset: message.offset,
      attempts,
      errorClass: errorClass(err),
      error: errorMessage(err),
    });
  }

  private async sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(HEARTBEAT_TICK_MS, end - Date.now())));
      await heartbeat();
    }
  }
}

/** What a stalled partition reports as the reason: an error code when there is one, else the class (never a message). */
function reasonOf(err: unknown): string {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  }
  return errorClass(err);
}
