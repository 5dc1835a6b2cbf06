import { Inject, Injectable } from '@nestjs/common';
import type { ProjectEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import type { Queryable } from '@verity/persistence';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.config';
import { ProjectCopyRepository } from './project-copy.repository';

/** projects.v1 → the local copy (policy, routing rules, members); stale revisions are ignored. */
@Injectable()
export class ApplyProjectSnapshotUseCase {
  constructor(
    private readonly projects: ProjectCopyRepository,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
  ) {}

  async execute(tx: Queryable, event: ProjectEvent, eventId: string): Promise<boolean> {
    const p = event.project;
    if (!p?.projectId) throw new NonRetryableError('ProjectEvent has no project.project_id');
    return this.projects.applySnapshot(tx, p, eventId, {
      answersPerTask: this.config.ASSIGNMENT_DEFAULT_ANSWERS,
      leaseSeconds: this.config.ASSIGNMENT_DEFAULT_LEASE_SECONDS,
    });
  }
}
