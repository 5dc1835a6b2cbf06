import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProjectEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { ProjectCopyRepository } from './project-copy.repository';

/** Applies one projects.v1 snapshot to the local copy; a stale revision changes nothing. */
@Injectable()
export class ApplyProjectSnapshotUseCase {
  constructor(private readonly repo: ProjectCopyRepository) {}

  async execute(tx: EntityManager, event: ProjectEvent): Promise<'applied' | 'stale'> {
    const p = event.project;
    if (!p?.projectId) throw new NonRetryableError('project event without project.project_id');
    return (await this.repo.upsertIfNewer(tx, p)) ? 'applied' : 'stale';
  }
}
