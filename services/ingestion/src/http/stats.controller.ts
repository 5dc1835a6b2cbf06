import { Controller, Get } from '@nestjs/common';
import { EventRuntime, Public } from '@verity/service-runtime';
import { IngestionStats } from '../domain/ingestion.stats';

/** GET /stats: counters only (no content, no project data), hence public like /healthz. */
@Controller()
export class StatsController {
  constructor(
    private readonly stats: IngestionStats,
    private readonly runtime: EventRuntime,
  ) {}

  @Public()
  @Get('stats')
  get() {
    const content = this.runtime.runner()?.stats;
    return {
      ...this.stats,
      content: { ...content, invalid: content?.deadLettered ?? 0 },
      projects: { ...this.runtime.runner('projects')?.stats },
    };
  }
}
