import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectChange } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { badRequest } from '../../common/field-errors';
import { MANAGE, ProjectAccess } from '../../projects/project-access.service';
import { ProjectSnapshots } from '../../projects/project-snapshots';
import { ProjectsRepository } from '../../projects/projects.repository';
import { OntologiesRepository } from '../ontologies.repository';
import { OntologyVersionRecord } from '../ontology-version';
import { RelabelPolicyName } from '../ontology.schemas';
import { validateOntology } from '../ontology.validator';

/**
 * The project manager publishes a draft: it becomes immutable and the project's current version,
 * announced on projects.v1. When a version was published before, the relabel policy (what
 * happens to items labeled under it) is required.
 */
@Injectable()
export class PublishOntologyUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly ontologies: OntologiesRepository,
    private readonly snapshots: ProjectSnapshots,
  ) {}

  async execute(caller: Principal, projectId: string, version: number, relabelPolicy?: RelabelPolicyName): Promise<OntologyVersionRecord> {
    await this.access.require(caller, projectId, MANAGE);
    const published = await this.ds.transaction(async (tx) => {
      const project = (await this.projects.lock(tx, projectId))!;
      if (project.archived) throw new ConflictException('the project is archived');
      const draft = await this.ontologies.get(projectId, version, tx);
      if (!draft) throw new NotFoundException('ontology version not found');
      if (draft.status === 'published') throw new ConflictException(`ontology version ${version} is already published`);
      const previous = await this.ontologies.latestPublished(tx, projectId);
      if (previous !== undefined && !relabelPolicy) {
        throw badRequest([{ field: 'relabelPolicy', reason: `required (keep, relabel or exclude) because version ${previous} was published before` }]);
      }
      const errors = validateOntology(draft);
      if (errors.length) throw badRequest(errors, 'ontology');
      const policy = relabelPolicy ?? 'keep';
      const record = await this.ontologies.markPublished(tx, projectId, version, caller.id, policy);
      await this.projects.setCurrentOntology(tx, projectId, version, policy);
      await this.snapshots.announce(tx, projectId, ProjectChange.ONTOLOGY_PUBLISHED, { version, previous, relabelPolicy: policy });
      return record;
    });
    this.snapshots.kick();
    return published;
  }
}
