import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TaskOrigin, TOPICS, uuidv7 } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { DecompositionStats } from '../stats/decomposition-stats';
import { ItemInProject, NewTask, taskEvent, TaskPolicy } from './task-event.factory';
import { PlannedTask } from './task.planner';
import { TaskRepository } from './task.repository';

/** Records planned tasks and enqueues their tasks.v1 events in the caller's transaction. */
@Injectable()
export class TaskCreator {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly runtime: EventRuntime,
    private readonly stats: DecompositionStats,
  ) {}

  /** Returns how many tasks were new (a task that already exists is not announced again). */
  async create(
    tx: EntityManager,
    args: {
      item: ItemInProject;
      planned: PlannedTask[];
      ontologyVersion: number;
      guidelines: string;
      policy: TaskPolicy;
      origin: TaskOrigin;
      causationId: string;
      /** Parent task ids by question id, for conditional questions. */
      parents?: ReadonlyMap<string, string>;
    },
  ): Promise<number> {
    let created = 0;
    for (const p of args.planned) {
      let parentTaskId: string | undefined = p.parentTaskId;
      if (p.parentQuestionId) {
        parentTaskId =
          args.parents?.get(p.parentQuestionId) ??
          (await this.tasks.idOf(tx, args.item.projectId, args.item.itemId, p.parentQuestionId, args.ontologyVersion));
      }
      const t: NewTask = {
        taskId: uuidv7(),
        item: args.item,
        question: p.question,
        ontologyVersion: args.ontologyVersion,
        guidelines: args.guidelines,
        policy: args.policy,
        origin: p.parentQuestionId ? TaskOrigin.CONDITION_MET : args.origin,
        parentTaskId,
        causationId: args.causationId,
      };
      if (await this.tasks.insert(tx, t)) {
        await this.runtime.outbox.enqueue(tx, TOPICS.tasks, taskEvent(t));
        created++;
      }
    }
    this.stats.tasksCreated += created;
    return created;
  }
}
