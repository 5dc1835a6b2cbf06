import { Injectable } from '@nestjs/common';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { ProjectRule } from '../domain/project-filter.matcher';

/**
 * The active projects as the local copy of projects.v1 has them now. Each call (one per content
 * batch) asks the copy for its fingerprint, one small query, and re-reads the rules only when it
 * changed. Replicas share the copy but only one applies each snapshot, so a time-based cache
 * would let the others match content against old rules for a while; this way a replica sees a
 * new or changed project from its next batch on.
 */
@Injectable()
export class ProjectCatalog {
  private cached?: { fingerprint: string; projects: ProjectRule[] };

  constructor(private readonly repo: ProjectCopyRepository) {}

  async active(): Promise<ProjectRule[]> {
    const fingerprint = await this.repo.fingerprint();
    if (this.cached?.fingerprint !== fingerprint) {
      // Read after the fingerprint: a snapshot landing in between only causes one more re-read.
      this.cached = { fingerprint, projects: await this.repo.listActive() };
    }
    return this.cached.projects;
  }
}
