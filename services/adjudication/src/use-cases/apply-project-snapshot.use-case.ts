import { Injectable } from '@nestjs/common';
import type { ProjectEvent } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { ProjectSnapshotApplier, SnapshotOutcome } from '@verity/service-runtime';
import type { EntityManager } from 'typeorm';
import { ProjectCopyRepository } from '../db/project-copy.repository';

/** projects.v1 → the local copy (members, every ontology version seen); stale revisions are ignored. */
@Injectable()
export class ApplyProjectSnapshotUseCase implements ProjectSnapshotApplier {
  constructor(private readonly projects: ProjectCopyRepository) {}

  async apply(tx: EntityManager, event: ProjectEvent, ctx: MessageContext): Promise<SnapshotOutcome> {
    const p = event.project!;
    return { applied: await this.projects.applySnapshot(tx, p, ctx.eventId) };
  }
}
