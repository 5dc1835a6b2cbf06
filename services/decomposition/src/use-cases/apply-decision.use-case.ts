import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DecisionEvent, TaskOrigin } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { ItemRepository } from '../db/item.repository';
import { decidedOptionIds } from '../domain/condition.evaluator';
import { ProjectRepository } from '../db/project.repository';
import { DecompositionStats } from '../domain/decomposition.stats';
import { TaskCreator } from './task-creator.service';
import { planDependentTasks } from '../domain/task.planner';
import { TaskRepository } from '../db/task.repository';

export type DecisionOutcome = { result: 'unknown-task' } | { result: 'applied'; created: number };

/**
 * A decided answer (decisions.v1) for one of our tasks: recorded, the task marked decided, and
 * every question of the same ontology version whose condition it satisfies gets its task.
 * Decisions about tasks we did not create are ignored (counted).
 */
@Injectable()
export class ApplyDecisionUseCase {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly items: ItemRepository,
    private readonly projects: ProjectRepository,
    private readonly creator: TaskCreator,
    private readonly stats: DecompositionStats,
  ) {}

  async execute(tx: EntityManager, d: DecisionEvent): Promise<DecisionOutcome> {
    if (!d.taskId) throw new NonRetryableError('decision without task_id');
    if (!d.decisionId) throw new NonRetryableError('decision without decision_id');
    const projectId = d.envelope?.projectId;
    if (!projectId) throw new NonRetryableError('decision without envelope.project_id');
    const task = await this.tasks.lockById(tx, projectId, d.taskId);
    if (!task) {
      this.stats.decisionsForUnknownTasks++;
      return { result: 'unknown-task' };
    }
    if (d.itemId && d.itemId !== task.item_id) {
      throw new NonRetryableError(`decision names item ${d.itemId} but task ${d.taskId} is about item ${task.item_id}`);
    }
    if (d.questionId && d.questionId !== task.question_id) {
      throw new NonRetryableError(`decision names question ${d.questionId} but task ${d.taskId} asks ${task.question_id}`);
    }
    const options = decidedOptionIds(d);
    await this.tasks.recordDecision(tx, task.project_id, { decisionId: d.decisionId, eventId: d.envelope!.eventId, task, options });
    await this.tasks.markDecided(tx, task.project_id, task.task_id, options);
    this.stats.decisionsApplied++;

    const [item, ontology, project] = [
      await this.items.get(tx, task.project_id, task.item_id),
      await this.projects.ontology(tx, task.project_id, task.ontology_version),
      await this.projects.lockForItem(tx, task.project_id),
    ];
    if (!item || !ontology || project.archived) return { result: 'applied', created: 0 };
    const created = await this.creator.create(tx, {
      item,
      planned: planDependentTasks(ontology, item.contentType, task.question_id, options),
      ontologyVersion: task.ontology_version,
      guidelines: ontology.guidelines?.text ?? '',
      policy: project.policy,
      origin: TaskOrigin.CONDITION_MET,
      causationId: d.envelope!.eventId,
      parents: new Map([[task.question_id, task.task_id]]),
    });
    return { result: 'applied', created };
  }
}
