import { Injectable, OnModuleInit } from '@nestjs/common';
import { cachedFor, PlatformMetrics } from '@verity/service-runtime';
import { DeadLettersService } from './dead-letters.service';

/** Scrapes within this long share one read (offsets of every `.dlq` topic and one query per non-empty one). */
const DLQ_DEPTH_CACHE_MS = 5000;

/**
 * verity_dlq_depth{topic}, served by the gateway alone: it owns the dead-letter tooling and the
 * redrive log the definition needs (DeadLettersService.depths).
 */
@Injectable()
export class DlqDepthMetric implements OnModuleInit {
  constructor(
    private readonly metrics: PlatformMetrics,
    private readonly deadLetters: DeadLettersService,
  ) {}

  onModuleInit(): void {
    this.metrics.source(
      'dlqDepth',
      cachedFor(DLQ_DEPTH_CACHE_MS, async () => (await this.deadLetters.depths()).map((d) => ({ labels: { topic: d.topic }, value: d.depth }))),
    );
  }
}
