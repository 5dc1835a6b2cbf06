import { Consumer, EachBatchPayload, EachMessagePayload, Kafka, KafkaMessage } from 'kafkajs';
import { type Context, type Link, Logger, SpanKind, context, extractTraceContext, trace, withSpan } from '@verity/telemetry';
import { dlqName, EventCodec, EventTopic } from './event-topic';
import { DLQ_ENCRYPTION_ALGORITHM, dlqAad, DlqCipher } from './dlq-cipher';
import { errorClass, errorMessage, isNonRetryable } from './errors';
import { HEADER, RawHeaders } from './headers';
import { backoffMs, DEFAULT_RETRY, RetryPolicy } from './retry-policy';
import { EventProducer } from './event-producer';

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

/** One decoded record of a batch; `trace` is the producer's trace context, to run per-record work in. */
export interface BatchRecord<E> {
  event: E;
  ctx: MessageContext;
  trace: Context;
}

/** Handles a batch of records of one partition, in offset order; it succeeds or fails as a whole. */
export type BatchHandler<E> = (records: BatchRecord<E>[]) => Promise<void>;

export interface ConsumerRunnerOptions {
  groupId: string;
  retry?: Partial<RetryPolicy>;
  /** Where a new group starts: earliest by default, so nothing published before start is missed. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** How often handled offsets are committed (they are always committed on a clean stop). */
  autoCommitIntervalMs?: number;
  /** Most records one batch handler call gets (a larger fetched batch is handled in chunks). */
  maxBatchRecords?: number;
  /**
   * Seals the dead letters of sensitive topics (`EventTopic.sensitive`). Subscribing to a
   * sensitive topic without it throws: a sensitive payload is never dead-lettered in clear.
   */
  dlqCipher?: DlqCipher;
  logger?: Logger;
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
}

type Subscription =
  | { kind: 'record'; topic: EventTopic<unknown>; handler: EventHandler<unknown> }
  | { kind: 'batch'; topic: EventTopic<unknown>; handler: BatchHandler<unknown> };

interface DecodedRecord {
  message: KafkaMessage;
  record: BatchRecord<unknown>;
}

const DEFAULT_MAX_BATCH_RECORDS = 500;

/**
 * Runs handlers for one consumer group. Each record is decoded, handled inside a consumer span
 * that continues the producer's trace, retried with backoff on failure, and after the last
 * attempt (or at once, for an error retrying cannot fix) copied to `<topic>.dlq` with headers
 * saying why, so a poison record never blocks its partition or stops the process.
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
  readonly stats: ConsumerStats = { processed: 0, retried: 0, deadLettered: 0, batchesSplit: 0 };

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
      sessionTimeout: this.opts.sessionTimeoutMs ?? 30000,
      heartbeatInterval: 3000,
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
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.subs.keys()], fromBeginning: this.opts.fromBeginning ?? true });
    const common = {
      autoCommit: true,
      autoCommitInterval: this.opts.autoCommitIntervalMs ?? 1000,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
    };
    const batched = [...this.subs.values()].some((s) => s.kind === 'batch');
    await consumer.run(
      batched
        ? { ...common, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) }
        : { ...common, eachMessage: (payload) => this.handle(payload) },
    );
  }

  /** Finishes the record in hand, commits, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.consumer;
    this.consumer = undefined;
    if (c) await c.disconnect();
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

  private async handle({ topic, partition, message, heartbeat }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message' | 'heartbeat'>): Promise<void> {
    const sub = this.subs.get(topic)!;
    const handler: EventHandler<unknown> =
      sub.kind === 'record' ? sub.handler : (event, ctx) => sub.handler([{ event, ctx, trace: context.active() }]);
    const headers = (message.headers ?? {}) as RawHeaders;
    const parent = extractTraceContext(headers);
    await withSpan(
      `process ${topic}`,
      SpanKind.CONSUMER,
      parent,
      {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.kafka.partition': partition,
        'messaging.kafka.offset': message.offset,
        'messaging.consumer.group.name': this.opts.groupId,
      },
      async () => {
        let event: unknown;
        try {
          event = this.codec.decode(sub.topic, message.value ?? Buffer.alloc(0));
        } catch (err) {
          await this.deadLetter(topic, partition, message, err, 1);
          return;
        }
        const eventId = this.codec.eventId(event);
        for (let attempt = 1; ; attempt++) {
          try {
            await handler(event, {
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              headers,
              attempt,
              eventId,
            });
            this.stats.processed++;
            return;
          } catch (err) {
            const final = isNonRetryable(err) || attempt >= this.retry.attempts;
            // Shutting down mid-retry: leave the offset uncommitted so the next owner retries.
            if (!final && this.stopping) throw err;
            if (final) {
              await this.deadLetter(topic, partition, message, err, attempt);
              return;
            }
            this.stats.retried++;
            this.log.warn('handler failed; retrying', { topic, partition, offset: message.offset, attempt, error: err });
            await this.sleepWithHeartbeat(backoffMs(this.retry, attempt), heartbeat);
          }
        }
      },
    );
  }

  /** eachBatch: record subscriptions one by one; batch subscriptions in chunks. Offsets resolve as records are handled. */
  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const sub = this.subs.get(batch.topic)!;
    const live = () => isRunning() && !isStale();
    if (sub.kind === 'record') {
      for (const message of batch.messages) {
        if (!live()) return;
        await this.handle({ topic: batch.topic, partition: batch.partition, message, heartbeat });
        resolveOffset(message.offset);
        await commitOffsetsIfNecessary();
      }
      return;
    }
    const size = Math.max(1, this.opts.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS);
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!live()) return;
      const chunk = batch.messages.slice(i, i + size);
      await this.handleChunk(sub.handler, batch.topic, batch.partition, chunk, heartbeat);
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * One chunk for a batch handler: undecodable records go to the DLQ alone; the rest are handled
   * together, retried as a whole; if the batch still fails, each record is handled on its own.
   */
  private async handleChunk(
    handler: BatchHandler<unknown>,
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const sub = this.subs.get(topic)!;
    const decoded: DecodedRecord[] = [];
    for (const message of messages) {
      let event: unknown;
      try {
        event = this.codec.decode(sub.topic, message.value ?? Buffer.alloc(0));
      } catch (err) {
        await this.deadLetter(topic, partition, message, err, 1);
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
    if (decoded.length === 0) return;
    const handled = await this.withBatchSpan(topic, partition, decoded, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await handler(decoded.map((d) => ({ ...d.record, ctx: { ...d.record.ctx, attempt } })));
          return true;
        } catch (err) {
          if (this.stopping) throw err; // leave the offsets uncommitted for the next owner
          const final = isNonRetryable(err) || attempt >= this.retry.attempts;
          const where = { topic, partition, firstOffset: messages[0].offset, records: decoded.length, attempt, error: err };
          if (final) {
            this.log.warn('batch handler failed; handling its records one by one', where);
            return false;
          }
          this.stats.retried++;
          this.log.warn('batch handler failed; retrying', where);
          await this.sleepWithHeartbeat(backoffMs(this.retry, attempt), heartbeat);
        }
      }
    });
    if (handled) {
      this.stats.processed += decoded.length;
      return;
    }
    this.stats.batchesSplit++;
    for (const d of decoded) {
      if (this.stopping) throw new Error('consumer stopping: the rest of the batch is left for the next owner');
      await this.handle({ topic, partition, message: d.message, heartbeat });
    }
  }

  /** One consumer span per batch, linked to each record's producer span (the first 128). */
  private withBatchSpan<T>(topic: string, partition: number, decoded: DecodedRecord[], fn: () => Promise<T>): Promise<T> {
    const links: Link[] = [];
    for (const d of decoded.slice(0, 128)) {
      const sc = trace.getSpanContext(d.record.trace);
      if (sc) links.push({ context: sc });
    }
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
      await new Promise((r) => setTimeout(r, Math.min(1000, end - Date.now())));
      await heartbeat();
    }
  }
}
