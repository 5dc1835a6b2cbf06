import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProjectEvent } from '@verity/contracts';
import type { ProjectSnapshotApplier, SnapshotOutcome } from '@verity/service-runtime';
import { EvaluateTaskUseCase } from './evaluate-task.use-case';
import { lockProject } from '../db/project.lock';
import { ProjectCopyRepository } from '../db/project-copy.repository';

/**
 * Applies one projects.v1 snapshot to the local copy (a stale revision changes nothing), then
 * evaluates the project's open tasks that now have their answers (answers that arrived before
 * the project did, or a lowered answers_per_task).
 */
@Injectable()
export class ApplyProjectSnapshotUseCase implements ProjectSnapshotApplier {
  constructor(
    private readonly repo: ProjectCopyRepository,
    private readonly evaluate: EvaluateTaskUseCase,
  ) {}

  async apply(tx: EntityManager, event: ProjectEvent): Promise<SnapshotOutcome> {
    const p = event.project!;
    await lockProject(tx, p.projectId);
    if (!(await this.repo.upsertIfNewer(tx, p))) return { applied: false };
    const copy = (await this.repo.get(tx, p.projectId))!;
    const tasksClosed = await this.evaluate.evaluateReady(tx, copy, event.envelope!);
    return { applied: true, enqueued: tasksClosed, details: { tasksClosed } };
  }
}
