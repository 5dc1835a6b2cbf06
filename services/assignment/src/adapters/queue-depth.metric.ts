import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { cachedFor, DATA_SOURCE, PlatformMetrics } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { StatsRepository } from '../db/stats.repository';

/** Scrapes within this long share one read of the counters. */
const QUEUE_DEPTH_CACHE_MS = 2000;

/** verity_queue_depth{project}: open slots of real tasks per project, read from the maintained counters at scrape time. */
@Injectable()
export class QueueDepthMetric implements OnModuleInit {
  constructor(
    private readonly metrics: PlatformMetrics,
    private readonly stats: StatsRepository,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  onModuleInit(): void {
    this.metrics.source(
      'queueDepth',
      cachedFor(QUEUE_DEPTH_CACHE_MS, async () =>
        (await this.stats.openSlotsByProject(this.ds)).map((p) => ({ labels: { project: p.projectId }, value: p.open })),
      ),
    );
  }
}
