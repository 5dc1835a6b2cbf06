import { Inject, Injectable } from '@nestjs/common';
import type { ProjectEvent } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { ProjectSnapshotApplier, SnapshotOutcome } from '@verity/service-runtime';
import type { EntityManager } from 'typeorm';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { ProjectCopyRepository } from '../db/project-copy.repository';

/** projects.v1 → the local copy (policy, routing rules, members); stale revisions are ignored. */
@Injectable()
export class ApplyProjectSnapshotUseCase implements ProjectSnapshotApplier {
  constructor(
    private readonly projects: ProjectCopyRepository,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
  ) {}

  async apply(tx: EntityManager, event: ProjectEvent, ctx: MessageContext): Promise<SnapshotOutcome> {
    const p = event.project!;
    const eventId = ctx.eventId;
    const applied = await this.projects.applySnapshot(tx, p, eventId, {
      answersPerTask: this.config.ASSIGNMENT_DEFAULT_ANSWERS,
      leaseSeconds: this.config.ASSIGNMENT_DEFAULT_LEASE_SECONDS,
    });
    return { applied };
  }
}
