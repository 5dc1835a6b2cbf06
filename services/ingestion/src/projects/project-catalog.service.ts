import { Inject, Injectable } from '@nestjs/common';
import { INGESTION_SETTINGS } from '../ingestion.tokens';
import type { IngestionSettings } from '../ingestion.settings';
import { ProjectCopyRepository } from './project-copy.repository';
import { ProjectRule } from './project-filter.matcher';

/**
 * The active projects, read from the local copy and kept in memory for
 * INGESTION_PROJECT_CACHE_MS (a snapshot applied by this instance refreshes it at once; one
 * applied by another instance is seen within that time).
 */
@Injectable()
export class ProjectCatalog {
  private cached?: { at: number; projects: Promise<ProjectRule[]> };

  constructor(
    private readonly repo: ProjectCopyRepository,
    @Inject(INGESTION_SETTINGS) private readonly settings: Pick<IngestionSettings, 'INGESTION_PROJECT_CACHE_MS'>,
  ) {}

  active(): Promise<ProjectRule[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.settings.INGESTION_PROJECT_CACHE_MS) {
      const projects = this.repo.listActive();
      this.cached = { at: now, projects };
      projects.catch(() => (this.cached = undefined));
    }
    return this.cached.projects;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
