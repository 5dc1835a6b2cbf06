import { Controller, Get } from '@nestjs/common';
import { ProjectSnapshotsConsumer, Public } from '@verity/service-runtime';
import { DecompositionEventsHandler } from '../events/decomposition-events.handler';
import { LabelsHandler } from '../events/labels.handler';
import { DecompositionStats } from '../domain/decomposition.stats';

/** GET /stats: counters only (no project data), hence public like /healthz. */
@Controller()
export class StatsController {
  constructor(
    private readonly stats: DecompositionStats,
    private readonly events: DecompositionEventsHandler,
    private readonly projects: ProjectSnapshotsConsumer,
    private readonly labels: LabelsHandler,
  ) {}

  @Public()
  @Get('stats')
  get() {
    return {
      ...this.stats,
      consumer: { ...this.events.runner?.stats },
      projects: { ...this.projects.runner?.stats },
      labels: { ...this.labels.runner?.stats },
    };
  }
}
