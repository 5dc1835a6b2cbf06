import { Controller, Get } from '@nestjs/common';
import { ProjectSnapshotsConsumer, Public } from '@verity/service-runtime';
import { ContentEventsHandler } from '../events/content-events.handler';
import { IngestionStats } from '../domain/ingestion.stats';

/** GET /stats: counters only (no content, no project data), hence public like /healthz. */
@Controller()
export class StatsController {
  constructor(
    private readonly stats: IngestionStats,
    private readonly content: ContentEventsHandler,
    private readonly projects: ProjectSnapshotsConsumer,
  ) {}

  @Public()
  @Get('stats')
  get() {
    return {
      ...this.stats,
      content: { ...this.content.runner?.stats, invalid: this.content.runner?.stats.deadLettered ?? 0 },
      projects: { ...this.projects.runner?.stats },
    };
  }
}
