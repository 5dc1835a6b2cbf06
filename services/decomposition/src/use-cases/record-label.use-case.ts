import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LabelEvent, LabelStatus, labelOptionIds } from '@verity/contracts';
import { ProjectRepository } from '../db/project.repository';
import { DecompositionStats } from '../domain/decomposition.stats';
import { LabelRepository } from '../db/labels.repository';
import { Requeue } from './requeue.service';

/**
 * labels.v1 → decomposition.labels (the latest version per item and question), so a new version
 * knows which items its splits and its RELABEL policy cover. A label decided under an older
 * version that arrives after a newer version asking it again was published (the publish overtook
 * it) is sent back to humans under the project's current version, as the items known at publish
 * time were. Returns tasks created.
 */
@Injectable()
export class RecordLabelUseCase {
  constructor(
    private readonly labels: LabelRepository,
    private readonly projects: ProjectRepository,
    private readonly requeue: Requeue,
    private readonly stats: DecompositionStats,
  ) {}

  async execute(tx: EntityManager, e: LabelEvent): Promise<number> {
    const projectId = e.envelope?.projectId;
    if (!projectId || !e.itemId || !e.questionId || !e.labelVersion) return 0;
    const label = {
      projectId,
      itemId: e.itemId,
      questionId: e.questionId,
      labelVersion: e.labelVersion,
      ontologyVersion: e.ontologyVersion,
      status: e.status,
      options: labelOptionIds(e),
      taskId: e.provenance?.taskId ?? '',
      labelEventId: e.envelope!.eventId,
    };
    // Locked first: a snapshot publishing a new version either sees this label or is seen by it.
    const project = await this.projects.lockIfKnown(tx, projectId);
    if (!(await this.labels.upsertIfNewer(tx, projectId, label))) return 0;
    this.stats.labelsRecorded++;
    const current = project?.ontologyVersion;
    if (!project || label.status !== LabelStatus.ACTIVE || project.archived || current === undefined || current <= label.ontologyVersion) return 0;
    const ontology = await this.projects.ontology(tx, projectId, current);
    if (!ontology) return 0;
    return this.requeue.forLabel(tx, project, ontology, label, e.envelope!.eventId);
  }
}
