import type { Provider, Type } from '@nestjs/common';
import { PROJECT_STATS_SOURCE, type ProjectStatsSource } from './project-stats.controller';

/** The use case behind the shared `ProjectStatsController` (listed among the module's controllers). */
export function projectStatsProviders(source: Type<ProjectStatsSource>): Provider[] {
  return [source, { provide: PROJECT_STATS_SOURCE, useExisting: source }];
}
