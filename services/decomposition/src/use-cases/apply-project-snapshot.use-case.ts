import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProjectEvent, TaskOrigin } from '@verity/contracts';
import type { ProjectSnapshotApplier, SnapshotOutcome } from '@verity/service-runtime';
import { ItemRepository } from '../db/item.repository';
import { Requeue } from './requeue.service';
import { currentMigrationsOf, currentRelabelPolicyOf } from '../domain/requeue.rules';
import { DecompositionStats } from '../domain/decomposition.stats';
import { TaskCreator } from './task-creator.service';
import { planInitialTasks } from '../domain/task.planner';
import { TaskRepository } from '../db/task.repository';
import { ProjectRepository } from '../db/project.repository';

/**
 * Applies a projects.v1 snapshot (higher revision only). When the project now has an ontology
 * and is not archived, its pending items get their tasks from that version. A version seen for
 * the first time asks again, once, the items its migration map's splits cover and, with relabel
 * policy RELABEL, the items labeled under older versions and the questions new in it (Requeue).
 */
@Injectable()
export class ApplyProjectSnapshotUseCase implements ProjectSnapshotApplier {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly items: ItemRepository,
    private readonly tasks: TaskRepository,
    private readonly creator: TaskCreator,
    private readonly stats: DecompositionStats,
    private readonly requeue: Requeue,
  ) {}

  async apply(tx: EntityManager, e: ProjectEvent): Promise<SnapshotOutcome> {
    const { applied, released, requeued } = await this.execute(tx, e);
    return { applied, enqueued: released + requeued, details: { releasedItems: released, requeued } };
  }

  afterCommit(outcome: SnapshotOutcome): void {
    if (outcome.applied) this.stats.projectSnapshotsApplied++;
    else this.stats.projectSnapshotsStale++;
  }

  private async execute(tx: EntityManager, e: ProjectEvent): Promise<{ applied: boolean; released: number; requeued: number }> {
    const p = e.project!;
    const state = await this.projects.upsertIfNewer(tx, p, currentMigrationsOf(e), currentRelabelPolicyOf(e));
    if (!state) return { applied: false, released: 0, requeued: 0 };
    const version = state.ontologyVersion;
    if (state.archived || version === undefined) return { applied: true, released: 0, requeued: 0 };
    const ontology = await this.projects.ontology(tx, p.projectId, version);
    if (!ontology) return { applied: true, released: 0, requeued: 0 };
    const pending = await this.items.lockPending(tx, p.projectId);
    for (const item of pending) {
      const decided = await this.tasks.decidedAnswers(tx, p.projectId, item.itemId, version);
      await this.creator.create(tx, {
        item,
        planned: planInitialTasks(ontology, item.contentType, decided),
        ontologyVersion: version,
        guidelines: ontology.guidelines?.text ?? '',
        policy: state.policy,
        origin: TaskOrigin.NEW_ITEM,
        causationId: e.envelope!.eventId,
      });
      await this.items.markDecomposed(tx, p.projectId, item.itemId, version);
    }
    this.stats.itemsReleased += pending.length;
    const requeued = state.newOntologyVersion === version ? await this.requeue.atPublish(tx, state, ontology, e.envelope!.eventId) : 0;
    return { applied: true, released: pending.length, requeued };
  }
}
