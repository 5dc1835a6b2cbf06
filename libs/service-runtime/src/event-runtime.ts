import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ConsumerHealth, ConsumerRunner, ConsumerRunnerOptions, DlqCipher, EventCodec, EventProducer } from '@verity/messaging';
import { Inbox, Outbox, OutboxRelay } from '@verity/persistence';
import { Logger } from '@verity/telemetry';
import { PlatformMetrics } from './metrics/platform-metrics';
import { DATA_SOURCE, EVENT_CODEC, KAFKA, PLATFORM_CONFIG, SERVICE_IDENTITY } from './tokens';

export interface ServiceIdentity {
  service: string;
  schema: string;
}

/**
 * A service's event plumbing in one place: its consumers (one consumer group per service by
 * default), its inbox, its outbox and the relay. Consumers are declared in onModuleInit and
 * start after the whole app is up; on shutdown they finish the record in hand and commit before
 * the relay, the producer and the database close.
 */
@Injectable()
export class EventRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: ConsumerRunner[] = [];
  private readonly runnersByGroup = new Map<string, ConsumerRunner>();
  private bootstrapped = false;
  readonly outbox: Outbox;
  readonly relay: OutboxRelay;
  /** Seals the dead letters of sensitive topics; undefined without DLQ_ENCRYPTION_KEY. */
  private readonly dlqCipher?: DlqCipher;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(EVENT_CODEC) private readonly codec: EventCodec,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly producer: EventProducer,
    private readonly logger: Logger,
    @Inject(PLATFORM_CONFIG)
    private readonly config: { DLQ_ENCRYPTION_KEY?: string; CONSUMER_STALL_MS?: number; KAFKA_FETCH_MAX_BYTES?: number; KAFKA_FETCH_PARTITION_MAX_BYTES?: number; KAFKA_SESSION_TIMEOUT_MS?: number },
    private readonly metrics: PlatformMetrics,
  ) {
    if (config.DLQ_ENCRYPTION_KEY) this.dlqCipher = DlqCipher.fromBase64(config.DLQ_ENCRYPTION_KEY);
    this.outbox = new Outbox(codec, identity.schema);
    this.relay = new OutboxRelay(ds, producer, { schema: identity.schema, logger });
  }

  /**
   * A consumer in group `<service>` (or `<service>.<suffix>`); subscribe before bootstrap, per
   * record (`subscribe` + `inbox().once`) or per batch (`subscribeBatch` + `inbox().onceManyOf` on the records,
   * one transaction per batch; `maxBatchRecords` caps it).
   */
  consumer(opts: Partial<ConsumerRunnerOptions> & { groupSuffix?: string } = {}): ConsumerRunner {
    const groupId = opts.groupSuffix ? `${this.identity.service}.${opts.groupSuffix}` : this.identity.service;
    const runner = new ConsumerRunner(this.kafka, this.codec, this.producer, {
      logger: this.logger,
      dlqCipher: this.dlqCipher,
      stallMs: this.config.CONSUMER_STALL_MS,
      fetchMaxBytes: this.config.KAFKA_FETCH_MAX_BYTES,
      fetchMaxBytesPerPartition: this.config.KAFKA_FETCH_PARTITION_MAX_BYTES,
      sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
      onRecords: (topic, outcome, records) => this.countRecords(groupId, topic, outcome, records),
      ...opts,
      groupId,
    });
    this.runners.push(runner);
    this.runnersByGroup.set(groupId, runner);
    return runner;
  }

  /** Each consumer's group and topics (lag metrics). */
  subscriptions(): { groupId: string; topics: string[] }[] {
    return this.runners.map((r) => r.subscription());
  }

  private countRecords(group: string, topic: string, outcome: 'handled' | 'failed' | 'deadLettered', records: number): void {
    const counter = { handled: this.metrics.recordsHandled, failed: this.metrics.recordsFailed, deadLettered: this.metrics.deadLetters }[outcome];
    counter.inc({ group, topic }, records);
  }

  /** Each consumer's partitions waiting on a transient failure (readiness fails once one is stalled). */
  consumerHealth(): ConsumerHealth[] {
    return this.runners.map((r) => r.health());
  }

  /** The inbox of one consumer (its name scopes the de-duplication): `once` per event, `onceManyOf` per batch of records (`onceMany` per batch of contexts). */
  inbox(consumer: string = this.identity.service): Inbox {
    return new Inbox(this.ds, this.identity.schema, consumer);
  }

  /** The consumer of group `<service>` (no suffix) or `<service>.<suffix>`, once created (for /stats). */
  runner(groupSuffix?: string): ConsumerRunner | undefined {
    return this.runnersByGroup.get(groupSuffix ? `${this.identity.service}.${groupSuffix}` : this.identity.service);
  }

  /** Starts consumers created after the app bootstrapped (the ones before start with it). */
  async startIfBootstrapped(runners: ConsumerRunner[]): Promise<void> {
    if (this.bootstrapped) for (const r of runners) await r.start();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.bootstrapped = true;
    this.relay.start();
    for (const r of this.runners) await r.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const r of this.runners) await r.stop();
    await this.relay.stop();
  }
}
