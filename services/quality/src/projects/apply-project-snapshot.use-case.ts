import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProjectEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { EvaluateTaskUseCase } from '../annotations/evaluate-task.use-case';
import { lockProject } from '../shared/db';
import { ProjectCopyRepository } from './project-copy.repository';

/**
 * Applies one projects.v1 snapshot to the local copy (a stale revision changes nothing), then
 * evaluates the project's open tasks that now have their answers (answers that arrived before
 * the project did, or a lowered answers_per_task).
 */
@Injectable()
export class ApplyProjectSnapshotUseCase {
  constructor(
    private readonly repo: ProjectCopyRepository,
    private readonly evaluate: EvaluateTaskUseCase,
  ) {}

  async execute(tx: EntityManager, event: ProjectEvent): Promise<{ applied: boolean; tasksClosed: number }> {
    const p = event.project;
    if (!p?.projectId) throw new NonRetryableError('ProjectEvent without project.project_id');
    await lockProject(tx, p.projectId);
    if (!(await this.repo.upsertIfNewer(tx, p))) return { applied: false, tasksClosed: 0 };
    const copy = (await this.repo.get(tx, p.projectId))!;
    const tasksClosed = await this.evaluate.evaluateReady(tx, copy, event.envelope!);
    return { applied: true, tasksClosed };
  }
}
