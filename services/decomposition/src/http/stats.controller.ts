import { Controller, Get } from '@nestjs/common';
import { EventRuntime, Public } from '@verity/service-runtime';
import { DecompositionStats } from '../domain/decomposition.stats';

/** GET /stats: counters only (no project data), hence public like /healthz. */
@Controller()
export class StatsController {
  constructor(
    private readonly stats: DecompositionStats,
    private readonly runtime: EventRuntime,
  ) {}

  @Public()
  @Get('stats')
  get() {
    return {
      ...this.stats,
      consumer: { ...this.runtime.runner()?.stats },
      projects: { ...this.runtime.runner('projects')?.stats },
      labels: { ...this.runtime.runner('labels')?.stats },
    };
  }
}
