import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TaskOrigin, TOPICS, uuidv7 } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { DecompositionStats } from '../domain/decomposition.stats';
import { ItemInProject, NewTask, taskEvent, TaskPolicy } from '../events/task-event.factory';
import { PlannedTask } from '../domain/task.planner';
import { TaskRepository } from '../db/task.repository';

/** Planned tasks of one item in one project and ontology version. */
export interface TaskBatch {
  item: ItemInProject;
  planned: PlannedTask[];
  ontologyVersion: number;
  guidelines: string;
  policy: TaskPolicy;
  origin: TaskOrigin;
  causationId: string;
  /** Parent task ids by question id, for conditional questions. */
  parents?: ReadonlyMap<string, string>;
}

/** Records planned tasks and enqueues their tasks.v1 events in the caller's transaction. */
@Injectable()
export class TaskCreator {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly runtime: EventRuntime,
    private readonly stats: DecompositionStats,
  ) {}

  /** Returns how many tasks were new (a task that already exists is not announced again). */
  async create(tx: EntityManager, args: TaskBatch): Promise<number> {
    return this.createMany(tx, [args]);
  }

  /**
   * Several items' planned tasks: inserted in one statement, the new ones announced on tasks.v1
   * in the given order (one outbox statement). Returns how many were new.
   */
  async createMany(tx: EntityManager, batches: readonly TaskBatch[]): Promise<number> {
    const all: NewTask[] = [];
    for (const args of batches) {
      for (const p of args.planned) {
        let parentTaskId: string | undefined = p.parentTaskId;
        if (p.parentQuestionId) {
          parentTaskId =
            args.parents?.get(p.parentQuestionId) ??
            (await this.tasks.idOf(tx, args.item.projectId, args.item.itemId, p.parentQuestionId, args.ontologyVersion));
        }
        all.push({
          taskId: uuidv7(),
          item: args.item,
          question: p.question,
          ontologyVersion: args.ontologyVersion,
          guidelines: args.guidelines,
          policy: args.policy,
          origin: p.parentQuestionId ? TaskOrigin.CONDITION_MET : args.origin,
          parentTaskId,
          causationId: args.causationId,
        });
      }
    }
    const inserted = await this.tasks.insertMany(tx, all);
    const created = all.filter((_, i) => inserted[i]);
    await this.runtime.outbox.enqueueMany(tx, TOPICS.tasks, created.map(taskEvent));
    this.stats.tasksCreated += created.length;
    return created.length;
  }
}
