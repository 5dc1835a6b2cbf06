import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LabelStatus, OntologyVersion, OptionMigrationKind, RelabelPolicy, TaskOrigin } from '@verity/contracts';
import { ItemRepository } from '../db/item.repository';
import { ProjectRepository, ProjectState } from '../db/project.repository';
import { DecompositionStats } from '../domain/decomposition.stats';
import { TaskCreator } from './task-creator.service';
import type { ItemInProject } from '../events/task-event.factory';
import { TaskRepository } from '../db/task.repository';
import { CurrentLabel, LabelRepository } from '../db/labels.repository';
import { labelFate, planAtPublish, planForLabel, RequeueTask } from '../domain/requeue.rules';

/** Items planned per page when a version is published (one transaction, pages keep memory flat). */
const PAGE = 500;

/**
 * "Ask these items again under version n + 1": one task per (item, question) under the new
 * version, origin RELABEL, parent = the task behind the old label when it is ours. Covers the
 * splits of a version's migration map and, with relabel policy RELABEL, every item labeled under
 * an older version (minus what a rename or merge rewrites) and the questions new in n + 1 (rules
 * in requeue.rules.ts). Old labels stay in force until the new answers are decided. At most one
 * task per (item, question, version), so redelivery and the two paths below never ask twice.
 */
@Injectable()
export class Requeue {
  constructor(
    private readonly labels: LabelRepository,
    private readonly items: ItemRepository,
    private readonly projects: ProjectRepository,
    private readonly tasks: TaskRepository,
    private readonly creator: TaskCreator,
    private readonly stats: DecompositionStats,
  ) {}

  /** A version first seen (its row inserted with map and policy): every item it asks again. Returns tasks created. */
  async atPublish(tx: EntityManager, project: ProjectState, ontology: OntologyVersion, causationId: string): Promise<number> {
    const steps = await this.projects.versionSteps(tx, project.projectId, 0, ontology.version);
    const step = steps.find((s) => s.version === ontology.version);
    if (!step) return 0;
    const relabel = step.relabelPolicy === RelabelPolicy.RELABEL;
    const splitQuestions = [...new Set(step.migrations.filter((m) => m.kind === OptionMigrationKind.SPLIT).map((m) => m.questionId))];
    if (!relabel && splitQuestions.length === 0) return 0; // KEEP / EXCLUDE without splits: nobody is asked again
    let created = 0;
    let after = '';
    for (;;) {
      const page = await this.items.pageForRequeue(tx, project.projectId, {
        version: ontology.version,
        activeStatus: LabelStatus.ACTIVE,
        questionIds: relabel ? null : splitQuestions,
        allDecomposed: relabel,
        after,
        limit: PAGE,
      });
      if (page.length === 0) break;
      const ids = page.map((i) => i.itemId);
      const labels = await this.labels.ofItems(tx, project.projectId, ids, LabelStatus.ACTIVE);
      const asked = await this.tasks.questionsUnder(tx, project.projectId, ids, ontology.version);
      for (const item of page) {
        const planned = planAtPublish({
          target: ontology,
          steps,
          contentType: item.contentType,
          labels: labels.get(item.itemId) ?? [],
          asked: asked.get(item.itemId) ?? new Set(),
          decomposedUnder: item.decomposedUnder,
        });
        created += await this.create(tx, project, ontology, item, planned, causationId);
      }
      after = ids[ids.length - 1];
    }
    return created;
  }

  /**
   * A label decided under an older version that arrived after newer versions were published (the
   * publish overtook it): asked again under the current version when a split or a RELABEL policy
   * of a version after its own says so. Returns tasks created.
   */
  async forLabel(tx: EntityManager, project: ProjectState, ontology: OntologyVersion, label: CurrentLabel, causationId: string): Promise<number> {
    const steps = await this.projects.versionSteps(tx, project.projectId, 0, ontology.version);
    if (!labelFate(steps, label, ontology.version).ask) return 0; // most late labels: nothing to ask, no more reads
    const item = await this.items.get(tx, project.projectId, label.itemId);
    if (!item) return 0;
    const labels = await this.labels.ofItems(tx, project.projectId, [item.itemId], LabelStatus.ACTIVE);
    const asked = await this.tasks.questionsUnder(tx, project.projectId, [item.itemId], ontology.version);
    const planned = planForLabel(
      { target: ontology, steps, contentType: item.contentType, labels: labels.get(item.itemId) ?? [], asked: asked.get(item.itemId) ?? new Set() },
      label.questionId,
    );
    return this.create(tx, project, ontology, item, planned, causationId);
  }

  private async create(
    tx: EntityManager,
    project: ProjectState,
    ontology: OntologyVersion,
    item: ItemInProject,
    planned: readonly RequeueTask[],
    causationId: string,
  ): Promise<number> {
    let created = 0;
    for (const t of planned) {
      const n = await this.creator.create(tx, {
        item,
        planned: [{ question: t.question, parentTaskId: t.parentTaskId }],
        ontologyVersion: ontology.version,
        guidelines: ontology.guidelines?.text ?? '',
        policy: project.policy,
        origin: TaskOrigin.RELABEL,
        causationId,
      });
      if (t.reason === 'split') this.stats.itemsRequeuedBySplit += n;
      else if (t.reason === 'relabel') this.stats.itemsRequeuedByRelabel += n;
      else this.stats.newQuestionTasks += n;
      created += n;
    }
    return created;
  }
}
