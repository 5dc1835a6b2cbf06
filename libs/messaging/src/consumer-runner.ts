import { Consumer, EachMessagePayload, Kafka, KafkaMessage } from 'kafkajs';
import { Logger, SpanKind, extractTraceContext, withSpan } from '@verity/telemetry';
import { dlqName, EventCodec, EventTopic } from './event-topic';
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

export interface ConsumerRunnerOptions {
  groupId: string;
  retry?: Partial<RetryPolicy>;
  /** Where a new group starts: earliest by default, so nothing published before start is missed. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** How often handled offsets are committed (they are always committed on a clean stop). */
  autoCommitIntervalMs?: number;
  logger?: Logger;
}

export interface ConsumerStats {
  processed: number;
  retried: number;
  deadLettered: number;
}

interface Subscription {
  topic: EventTopic<unknown>;
  handler: EventHandler<unknown>;
}

/**
 * Runs handlers for one consumer group. Each record is decoded, handled inside a consumer span
 * that continues the producer's trace, retried with backoff on failure, and after the last
 * attempt (or at once, for an error retrying cannot fix) copied to `<topic>.dlq` with headers
 * saying why, so a poison record never blocks its partition or stops the process.
 * Offsets are committed only after a record is handled or dead-lettered: delivery is
 * at-least-once, and handlers make it exactly-once in effect with the inbox.
 */
export class ConsumerRunner {
  private readonly subs = new Map<string, Subscription>();
  private consumer?: Consumer;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;
  private stopping = false;
  readonly stats: ConsumerStats = { processed: 0, retried: 0, deadLettered: 0 };

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
    this.subs.set(topic.name, { topic: topic as EventTopic<unknown>, handler: handler as EventHandler<unknown> });
    return this;
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
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: this.opts.autoCommitIntervalMs ?? 1000,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
      eachMessage: (payload) => this.handle(payload),
    });
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

  private async handle({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const sub = this.subs.get(topic)!;
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
            await sub.handler(event, {
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
    // If the DLQ write fails this throws, the offset is not committed, and the record is retried.
    await this.dlqProducer.publishRaw(dlqName(topic), [
      { key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0), headers },
    ]);
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
