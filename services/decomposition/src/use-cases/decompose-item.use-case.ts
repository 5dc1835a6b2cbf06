import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ContentType, ItemEvent, OntologyVersion, TaskOrigin } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { ProjectRepository } from '../db/project.repository';
import { DecompositionStats } from '../domain/decomposition.stats';
import { TaskCreator } from './task-creator.service';
import { planInitialTasks } from '../domain/task.planner';
import { decidedKey, TaskRepository } from '../db/task.repository';
import { ItemRepository, NewItemRow } from '../db/item.repository';

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
    return this.executeMany(tx, [e]);
  }

  /**
   * A batch of item events, in order, with the effect of `execute` one by one: the projects are
   * share-locked together, the items recorded in one statement, and the tasks of every item
   * decomposed here created in one (announced in the same order). Returns how many tasks were new.
   */
  async executeMany(tx: EntityManager, events: readonly ItemEvent[]): Promise<number> {
    const pairs: { item: NewItemRow['item']; causationId: string }[] = [];
    for (const e of events) {
      if (!e.itemId) throw new NonRetryableError('item event without item_id');
      if (!e.content || e.content.contentType === ContentType.UNSPECIFIED) throw new NonRetryableError('item event without content type');
      const env = e.envelope!;
      for (const projectId of new Set(e.matchedProjectIds)) {
        if (!projectId) continue;
        pairs.push({
          causationId: env.eventId,
          item: {
            projectId,
            itemId: e.itemId,
            contentType: e.content.contentType,
            language: e.detectedLanguage,
            correlationId: env.correlationId || env.eventId,
            itemEventId: env.eventId,
            maskedText: e.maskedText,
            payloadRef: e.payloadRef,
            source: e.content.source || undefined,
            sourceId: e.content.sourceId || undefined,
          },
        });
      }
    }
    if (pairs.length === 0) return 0;
    const projects = await this.projects.lockForItems(tx, pairs.map((p) => p.item.projectId));
    const ontologies = new Map<string, OntologyVersion | undefined>();
    for (const state of projects.values()) {
      if (state.archived || state.ontologyVersion === undefined) continue;
      ontologies.set(state.projectId, await this.projects.ontology(tx, state.projectId, state.ontologyVersion));
    }
    const rows: NewItemRow[] = pairs.map(({ item }) => {
      const project = projects.get(item.projectId)!;
      if (project.archived) return { item, status: 'skipped' };
      if (!ontologies.get(item.projectId)) return { item, status: 'pending' };
      return { item, status: 'decomposed', ontologyVersion: project.ontologyVersion };
    });
    const fresh = await this.items.insertMany(tx, rows);
    const decomposed = rows.filter((r, i) => fresh[i] && r.status === 'decomposed');
    for (const [i, r] of rows.entries()) {
      if (fresh[i] && r.status === 'skipped') this.stats.itemsSkippedArchived++;
      if (fresh[i] && r.status === 'pending') this.stats.itemsPending++;
    }
    const decided = await this.tasks.decidedAnswersMany(
      tx,
      decomposed.map((r) => ({ projectId: r.item.projectId, itemId: r.item.itemId, version: r.ontologyVersion! })),
    );
    const created = await this.creator.createMany(
      tx,
      decomposed.map(({ item, ontologyVersion }) => {
        const ontology = ontologies.get(item.projectId)!;
        return {
          item,
          planned: planInitialTasks(ontology, item.contentType, decided.get(decidedKey(item.projectId, item.itemId, ontologyVersion!))),
          ontologyVersion: ontologyVersion!,
          guidelines: ontology.guidelines?.text ?? '',
          policy: projects.get(item.projectId)!.policy,
          origin: TaskOrigin.NEW_ITEM,
          causationId: item.itemEventId,
        };
      }),
    );
    this.stats.itemsDecomposed += decomposed.length;
    return created;
  }
}
