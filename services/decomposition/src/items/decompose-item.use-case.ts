import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ContentType, ItemEvent, TaskOrigin } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { ProjectRepository } from '../projects/project.repository';
import { DecompositionStats } from '../stats/decomposition-stats';
import { TaskCreator } from '../tasks/task-creator.service';
import { planInitialTasks } from '../tasks/task.planner';
import { TaskRepository } from '../tasks/task.repository';
import { ItemRepository } from './item.repository';

/**
 * An item matched to projects becomes, per project, one task per applicable question of the
 * project's current ontology version. A project without an ontology (or not known yet) keeps
 * the item pending until its first version arrives; an archived project skips it.
 */
@Injectable()
export class DecomposeItemUseCase {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly items: ItemRepository,
    private readonly tasks: TaskRepository,
    private readonly creator: TaskCreator,
    private readonly stats: DecompositionStats,
  ) {}

  async execute(tx: EntityManager, e: ItemEvent): Promise<number> {
    if (!e.itemId) throw new NonRetryableError('item event without item_id');
    if (!e.content || e.content.contentType === ContentType.UNSPECIFIED) throw new NonRetryableError('item event without content type');
    const env = e.envelope!;
    let created = 0;
    for (const projectId of new Set(e.matchedProjectIds)) {
      if (!projectId) continue;
      const project = await this.projects.lockForItem(tx, projectId);
      const item = {
        projectId,
        itemId: e.itemId,
        contentType: e.content.contentType,
        language: e.detectedLanguage,
        correlationId: env.correlationId || env.eventId,
        itemEventId: env.eventId,
        maskedText: e.maskedText,
        payloadRef: e.payloadRef,
      };
      if (project.archived) {
        if (await this.items.insert(tx, item, 'skipped')) this.stats.itemsSkippedArchived++;
        continue;
      }
      const version = project.ontologyVersion;
      const ontology = version !== undefined ? await this.projects.ontology(tx, projectId, version) : undefined;
      if (version === undefined || !ontology) {
        if (await this.items.insert(tx, item, 'pending')) this.stats.itemsPending++;
        continue;
      }
      if (!(await this.items.insert(tx, item, 'decomposed', version))) continue; // already done
      const decided = await this.tasks.decidedAnswers(tx, projectId, e.itemId, version);
      created += await this.creator.create(tx, {
        item,
        planned: planInitialTasks(ontology, item.contentType, decided),
        ontologyVersion: version,
        guidelines: ontology.guidelines?.text ?? '',
        policy: project.policy,
        origin: TaskOrigin.NEW_ITEM,
        causationId: env.eventId,
      });
      this.stats.itemsDecomposed++;
    }
    return created;
  }
}
