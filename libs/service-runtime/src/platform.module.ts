import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource, MigrationInterface } from 'typeorm';
import { ApiKeyResolver, AuthModule, serviceAudience, SessionCookieAuth } from '@verity/auth';
import type { ConfigOf } from '@verity/config';
import { DLQ_TOPIC_SETTINGS } from '@verity/contracts';
import { createKafka, ensureTopics, EventProducer, EventTopic } from '@verity/messaging';
import { inboxOutboxMigration, openDataSource } from '@verity/persistence';
import { ObjectStore } from '@verity/storage';
import { Logger } from '@verity/telemetry';
import { protobufCodec } from '@verity/messaging';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { PlatformMetrics } from './metrics/platform-metrics';
import { PlatformMetricsSources } from './metrics/platform-metrics.sources';
import { ReadinessService } from './health/readiness.service';
import { platformSettings } from './platform-settings';
import { EventRuntime } from './event-runtime';
import { ProjectAccessConsumer } from './project-access/project-access.consumer';
import { projectAccessMigration } from './project-access/project-access.migration';
import { ProjectAccess } from './project-access/project-access.service';
import { DATA_SOURCE, EVENT_CODEC, KAFKA, OBJECT_STORE, PLATFORM_CONFIG, SERVICE_IDENTITY } from './tokens';

export type PlatformConfig = ConfigOf<typeof platformSettings>;

export interface PlatformOptions {
  /** Service name: Kafka client id, consumer group prefix, log and trace name. */
  service: string;
  /** The service's own Postgres schema. */
  schema: string;
  config: PlatformConfig;
  /** The service's own migrations, run after the shared inbox/outbox one. */
  migrations?: (new () => MigrationInterface)[];
  entities?: (new () => unknown)[];
  /** Topics the service produces or consumes: created (with DLQ twins) or checked at start-up. */
  topics: EventTopic<unknown>[];
  /** Services that accept machine API keys resolve them (the gateway owns them). */
  apiKeyResolver?: new (...args: never[]) => ApiKeyResolver;
  /** Accept the web console's session cookie (with its CSRF checks): the gateway only. */
  sessionCookie?: SessionCookieAuth;
  /**
   * The public edge (the gateway): accepts people's tokens (and API keys, cookies as above).
   * Every other service accepts only the short-lived tokens the gateway signs for it.
   */
  edge?: boolean;
  /**
   * Keep a membership copy of projects.v1 (`<schema>.project_access`) and provide ProjectAccess:
   * every service with a route that takes a project's (or its objects') id.
   */
  projectAccess?: boolean;
}

@Injectable()
class PlatformLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly producer: EventProducer,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/**
 * Wires the shared clients every service needs (Kafka, producer, Postgres with migrations,
 * S3 with its bucket), the /healthz and /readyz endpoints and /metrics. Start-up fails, naming the part,
 * when a dependency cannot be reached or a topic does not match its contract.
 */
@Module({})
export class PlatformModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    const { config } = opts;
    const logger = new Logger(opts.service);
    return {
      module: PlatformModule,
      global: true,
      imports: [
        AuthModule.forRoot(
          opts.edge
            ? { jwtSecret: config.JWT_SECRET, previousJwtSecrets: config.JWT_PREVIOUS_SECRETS, apiKeyResolver: opts.apiKeyResolver, sessionCookie: opts.sessionCookie }
            : { jwtSecret: config.JWT_SECRET, previousJwtSecrets: config.JWT_PREVIOUS_SECRETS, serviceAudience: serviceAudience(opts.service) },
        ),
      ],
      controllers: [HealthController, MetricsController, ...(opts.projectAccess ? [ProjectAccessConsumer] : [])],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_IDENTITY, useValue: { service: opts.service, schema: opts.schema } },
        { provide: Logger, useValue: logger },
        { provide: EVENT_CODEC, useValue: protobufCodec },
        // One Prometheus registry per service process (GET /metrics).
        { provide: PlatformMetrics, useFactory: () => new PlatformMetrics(logger) },
        {
          provide: KAFKA,
          useFactory: () => createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID ?? opts.service }, logger),
        },
        {
          provide: EventProducer,
          inject: [KAFKA],
          useFactory: async (kafka: Kafka) => {
            // DLQ twins get the contract's settings, with the deployment's retention (DLQ_RETENTION_MS).
            await ensureTopics(kafka, opts.topics, { ...DLQ_TOPIC_SETTINGS, retentionMs: config.DLQ_RETENTION_MS ?? DLQ_TOPIC_SETTINGS.retentionMs });
            const producer = new EventProducer(kafka, protobufCodec, opts.service);
            await producer.connect();
            return producer;
          },
        },
        {
          provide: DATA_SOURCE,
          useFactory: () =>
            openDataSource({
              url: config.DATABASE_URL,
              schema: opts.schema,
              entities: opts.entities ?? [],
              migrations: [
                inboxOutboxMigration(opts.schema),
                ...(opts.migrations ?? []),
                ...(opts.projectAccess ? [projectAccessMigration(opts.schema)] : []),
              ],
            }),
        },
        {
          provide: OBJECT_STORE,
          useFactory: async () => {
            const store = new ObjectStore({
              endpoint: config.S3_ENDPOINT,
              region: config.S3_REGION,
              accessKeyId: config.S3_ACCESS_KEY_ID,
              secretAccessKey: config.S3_SECRET_ACCESS_KEY,
              bucket: config.S3_BUCKET,
              forcePathStyle: true,
            });
            await store.ensureBucket();
            return store;
          },
        },
        ReadinessService,
        EventRuntime,
        PlatformMetricsSources,
        PlatformLifecycle,
        ...(opts.projectAccess ? [ProjectAccess] : []),
      ],
      exports: [
        PLATFORM_CONFIG,
        SERVICE_IDENTITY,
        Logger,
        EVENT_CODEC,
        KAFKA,
        EventProducer,
        DATA_SOURCE,
        OBJECT_STORE,
        ReadinessService,
        EventRuntime,
        PlatformMetrics,
        ...(opts.projectAccess ? [ProjectAccess] : []),
      ],
    };
  }
}
