import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LabelStatus, OntologyVersion, OptionMigration, TaskOrigin } from '@verity/contracts';
import { ItemRepository } from '../items/item.repository';
import { appliesToContent, questionById } from '../ontology/condition.evaluator';
import type { ProjectState } from '../projects/project.repository';
import { DecompositionStats } from '../stats/decomposition-stats';
import { TaskCreator } from '../tasks/task-creator.service';
import { CurrentLabel, LabelRepository } from './labels.repository';
import { splitOptionsOf } from './split.rules';

/**
 * Splits in an ontology version's migration map (a → b | c: a map cannot decide) send the items
 * whose current label names a split option back to humans: one task of that question under the
 * new version (origin RELABEL, parent = the task behind the old label when it is ours). Their old
 * labels stay in force until the new answers are decided. At most one task per (item, question,
 * version), so redelivery and the two paths below never ask twice.
 */
@Injectable()
export class RequeueSplits {
  constructor(
    private readonly labels: LabelRepository,
    private readonly items: ItemRepository,
    private readonly creator: TaskCreator,
    private readonly stats: DecompositionStats,
  ) {}

  /** A version first seen with its map: every item whose label a split covers. Returns tasks created. */
  async atPublish(tx: EntityManager, project: ProjectState, ontology: OntologyVersion, migrations: readonly OptionMigration[], causationId: string): Promise<number> {
    let created = 0;
    const questions = [...new Set(migrations.map((m) => m.questionId))];
    for (const questionId of questions) {
      const options = splitOptionsOf(migrations, questionId);
      if (options.length === 0) continue;
      const covered = await this.labels.coveredBySplit(tx, project.projectId, questionId, ontology.version, options, LabelStatus.ACTIVE);
      for (const c of covered) created += await this.ask(tx, project, ontology, c.itemId, questionId, c.parentTaskId, causationId);
    }
    return created;
  }

  /** A label that arrived after the split was published (decomposition learns labels from labels.v1). */
  async forLabel(tx: EntityManager, project: ProjectState, ontology: OntologyVersion, label: CurrentLabel, causationId: string): Promise<number> {
    const parent = (await this.labels.isOurTask(tx, project.projectId, label.taskId)) ? label.taskId : undefined;
    return this.ask(tx, project, ontology, label.itemId, label.questionId, parent, causationId);
  }

  private async ask(
    tx: EntityManager,
    project: ProjectState,
    ontology: OntologyVersion,
    itemId: string,
    questionId: string,
    parentTaskId: string | undefined,
    causationId: string,
  ): Promise<number> {
    const question = questionById(ontology, questionId);
    const item = await this.items.get(tx, project.projectId, itemId);
    if (!question || !item || !appliesToContent(question, item.contentType)) return 0;
    const created = await this.creator.create(tx, {
      item,
      planned: [{ question, parentTaskId }],
      ontologyVersion: ontology.version,
      guidelines: ontology.guidelines?.text ?? '',
      policy: project.policy,
      origin: TaskOrigin.RELABEL,
      causationId,
    });
    this.stats.itemsRequeuedBySplit += created;
    return created;
  }
}
