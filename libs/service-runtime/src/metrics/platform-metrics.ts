import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Logger } from '@verity/telemetry';

/** One value of a gauge read at scrape time. */
export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

/** Reads a gauge's current values; called on each scrape (cache it with `cachedFor` when costly). */
export type GaugeSource = () => Promise<GaugeSample[]>;

/**
 * Gauges computed at scrape time, each from the one source a part of the platform sets:
 * the event runtime (lag, outbox), readiness, the gateway's dead-letter tooling (DLQ depth),
 * assignment (queue depth).
 */
export type ScrapedGauge = 'consumerLag' | 'dlqDepth' | 'outboxBacklog' | 'outboxOldestAge' | 'queueDepth' | 'ready';

/** The fixed metric names (alert rules are written against them): see docs/metrics.md. */
export const METRIC_NAMES = {
  consumerLag: 'verity_consumer_lag',
  recordsHandled: 'verity_records_handled_total',
  recordsFailed: 'verity_records_failed_total',
  deadLetters: 'verity_dead_letters_total',
  dlqDepth: 'verity_dlq_depth',
  outboxBacklog: 'verity_outbox_backlog',
  outboxOldestAge: 'verity_outbox_oldest_age_seconds',
  queueDepth: 'verity_queue_depth',
  labelsPublished: 'verity_labels_published_total',
  llmTokens: 'verity_llm_tokens_total',
  llmCost: 'verity_llm_cost_usd_total',
  httpDuration: 'verity_http_request_duration_seconds',
  ready: 'verity_ready',
} as const;

const GAUGES: Record<ScrapedGauge, { help: string; labels: string[] }> = {
  consumerLag: { help: 'Records of a partition past the group’s committed offset (high-water mark minus committed offset)', labels: ['group', 'topic', 'partition'] },
  dlqDepth: { help: 'Dead letters kept in <topic>.dlq and not yet redriven', labels: ['topic'] },
  outboxBacklog: { help: 'Outbox rows not yet published', labels: ['schema'] },
  outboxOldestAge: { help: 'Age in seconds of the oldest unpublished outbox row (0 when none)', labels: ['schema'] },
  queueDepth: { help: 'Open task slots waiting for an annotator, per project', labels: ['project'] },
  ready: { help: '1 when /readyz answers ready, else 0', labels: [] },
};

/**
 * One service process's Prometheus registry: the platform's metrics (fixed names), fed by
 * counters the code increments and gauges read at scrape time, plus prom-client's default
 * process metrics. `text()` is what GET /metrics serves.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly recordsHandled: Counter<'group' | 'topic'>;
  readonly recordsFailed: Counter<'group' | 'topic'>;
  readonly deadLetters: Counter<'group' | 'topic'>;
  readonly labelsPublished: Counter<'method'>;
  readonly llmTokens: Counter<'model' | 'kind'>;
  readonly llmCostUsd: Counter<'model'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly sources = new Map<ScrapedGauge, GaugeSource>();

  constructor(private readonly logger: Logger = new Logger('metrics')) {
    collectDefaultMetrics({ register: this.registry });
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers: [this.registry] });
    this.recordsHandled = counter(METRIC_NAMES.recordsHandled, 'Records handled by this process’s consumers', ['group', 'topic']);
    this.recordsFailed = counter(
      METRIC_NAMES.recordsFailed,
      'Handler attempts that failed (each retry counts; undecodable records count as dead letters only)',
      ['group', 'topic'],
    );
    this.deadLetters = counter(METRIC_NAMES.deadLetters, 'Records this process wrote to <topic>.dlq', ['group', 'topic']);
    this.labelsPublished = counter(METRIC_NAMES.labelsPublished, 'Label versions committed for labels.v1, by aggregation method', ['method']);
    this.llmTokens = counter(METRIC_NAMES.llmTokens, 'LLM tokens spent, by model and kind (prompt, completion)', ['model', 'kind']);
    this.llmCostUsd = counter(METRIC_NAMES.llmCost, 'LLM cost in USD, by model', ['model']);
    this.httpDuration = new Histogram({
      name: METRIC_NAMES.httpDuration,
      help: 'HTTP request duration; route is the matched route pattern, never the raw URL',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    for (const [key, spec] of Object.entries(GAUGES) as [ScrapedGauge, (typeof GAUGES)[ScrapedGauge]][]) this.scrapedGauge(key, spec);
  }

  /** Sets where a scraped gauge reads its values (one source per gauge; a later call replaces it). */
  source(gauge: ScrapedGauge, read: GaugeSource): void {
    this.sources.set(gauge, read);
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private scrapedGauge(key: ScrapedGauge, spec: { help: string; labels: string[] }): void {
    const sources = this.sources;
    const logger = this.logger;
    new Gauge({
      name: METRIC_NAMES[key],
      help: spec.help,
      labelNames: spec.labels,
      registers: [this.registry],
      async collect() {
        this.reset();
        const read = sources.get(key);
        if (!read) return;
        try {
          for (const s of await read()) this.set(s.labels, s.value);
        } catch (error) {
          // A dependency down leaves the gauge without samples for this scrape (alerts see it absent).
          logger.warn('metric source failed', { metric: METRIC_NAMES[key], error });
        }
      },
    });
  }
}

/** Wraps a source so that scrapes within `ms` of each other share one read (and one in-flight call). */
export function cachedFor(ms: number, read: GaugeSource, now: () => number = Date.now): GaugeSource {
  let last: { at: number; value: Promise<GaugeSample[]> } | undefined;
  return () => {
    const t = now();
    if (!last || t - last.at >= ms) {
      const value = read();
      last = { at: t, value };
      value.catch(() => {
        if (last?.value === value) last = undefined; // a failed read is not cached
      });
    }
    return last.value;
  };
}
