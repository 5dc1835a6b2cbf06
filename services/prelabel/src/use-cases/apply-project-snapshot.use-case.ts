import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProjectEvent } from '@verity/contracts';
import type { ProjectSnapshotApplier, SnapshotOutcome } from '@verity/service-runtime';
import { ProjectPolicyRepository } from '../db/project-policy.repository';

/** projects.v1 → prelabel's copy of the machine-assistance policy; a stale revision changes nothing. */
@Injectable()
export class ApplyProjectSnapshotUseCase implements ProjectSnapshotApplier {
  constructor(private readonly projects: ProjectPolicyRepository) {}

  async apply(tx: EntityManager, event: ProjectEvent): Promise<SnapshotOutcome> {
    return { applied: await this.projects.apply(tx, event.project!) };
  }
}
