import { Injectable } from '@nestjs/common';
import type { ProjectEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import type { Queryable } from '@verity/persistence';
import { ProjectCopyRepository } from './project-copy.repository';

/** projects.v1 → the local copy (members, every ontology version seen); stale revisions are ignored. */
@Injectable()
export class ApplyProjectSnapshotUseCase {
  constructor(private readonly projects: ProjectCopyRepository) {}

  async execute(tx: Queryable, event: ProjectEvent, eventId: string): Promise<boolean> {
    const p = event.project;
    if (!p?.projectId) throw new NonRetryableError('ProjectEvent has no project.project_id');
    return this.projects.applySnapshot(tx, p, eventId);
  }
}
