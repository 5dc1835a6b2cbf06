import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { consumerLag } from '@verity/messaging';
import { EventRuntime, type ServiceIdentity } from '../event-runtime';
import { ReadinessService } from '../health/readiness.service';
import { KAFKA, SERVICE_IDENTITY } from '../tokens';
import { cachedFor, PlatformMetrics } from './platform-metrics';

/** Scrapes within this long share one lag read (kafkajs admin: a connection and a few requests). */
export const LAG_CACHE_MS = 5000;
/** Scrapes within this long share one outbox query (both outbox gauges come from it). */
const OUTBOX_CACHE_MS = 1000;

/**
 * Feeds the platform's scraped gauges every service has: consumer lag of this process's groups,
 * its outbox backlog and age, and readiness (the /readyz result).
 */
@Injectable()
export class PlatformMetricsSources implements OnModuleInit {
  constructor(
    private readonly metrics: PlatformMetrics,
    private readonly runtime: EventRuntime,
    private readonly readiness: ReadinessService,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  onModuleInit(): void {
    this.metrics.source(
      'consumerLag',
      cachedFor(LAG_CACHE_MS, async () =>
        (await consumerLag(this.kafka, this.runtime.subscriptions())).map((l) => ({
          labels: { group: l.group, topic: l.topic, partition: String(l.partition) },
          value: l.lag,
        })),
      ),
    );
    const schema = this.identity.schema;
    const backlog = cachedFor(OUTBOX_CACHE_MS, async () => {
      const b = await this.runtime.relay.backlog();
      return [
        { labels: { schema }, value: b.rows },
        { labels: { schema }, value: b.oldestAgeSeconds },
      ];
    });
    this.metrics.source('outboxBacklog', async () => [(await backlog())[0]]);
    this.metrics.source('outboxOldestAge', async () => [(await backlog())[1]]);
    this.metrics.source('ready', async () => [{ labels: {}, value: (await this.readiness.check()).ready ? 1 : 0 }]);
  }
}
