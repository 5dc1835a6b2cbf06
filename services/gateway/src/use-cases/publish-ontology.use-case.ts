import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectChange } from '@verity/contracts';
import { badRequest, DATA_SOURCE } from '@verity/service-runtime';
import { MANAGE, ProjectAccess } from './project-access.service';
import { ProjectSnapshots } from '../events/project-snapshots.publisher';
import { ProjectsRepository } from '../db/projects.repository';
import { OntologiesRepository } from '../db/ontologies.repository';
import { OntologyVersionRecord } from '../domain/ontology-version.model';
import { validateMigrations } from '../domain/migration.validator';
import { MigrationEntry, RelabelPolicyName } from '../http/ontology.schemas';
import { validateOntology } from '../domain/ontology.validator';

/**
 * The project manager publishes a draft: it becomes immutable and the project's current version,
 * announced on projects.v1. When a version was published before, the relabel policy (what
 * happens to items labeled under it) is required, and an optional migration map says which of
 * its options become which options of the new version (checked against both versions; the
 * policy applies to whatever the map does not cover).
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

  async execute(
    caller: Principal,
    projectId: string,
    version: number,
    relabelPolicy?: RelabelPolicyName,
    migrations: MigrationEntry[] = [],
  ): Promise<OntologyVersionRecord> {
    await this.access.require(caller, projectId, MANAGE);
    const published = await this.ds.transaction(async (tx) => {
      const project = (await this.projects.lock(tx, projectId))!;
      if (project.archived) throw new ConflictException('the project is archived');
      const draft = await this.ontologies.get(projectId, version, tx);
      if (!draft) throw new NotFoundException('ontology version not found');
      if (draft.status === 'published') throw new ConflictException(`ontology version ${version} is already published`);
      const previous = await this.ontologies.latestPublished(tx, projectId);
      const previousRecord = previous === undefined ? undefined : await this.ontologies.get(projectId, previous, tx);
      const requestErrors = validateMigrations(previousRecord, draft, migrations);
      if (previous !== undefined && !relabelPolicy) {
        requestErrors.unshift({ field: 'relabelPolicy', reason: `required (keep, relabel or exclude) because version ${previous} was published before` });
      }
      if (requestErrors.length) throw badRequest(requestErrors);
      const errors = validateOntology(draft);
      if (errors.length) throw badRequest(errors, 'ontology');
      const policy = relabelPolicy ?? 'keep';
      const record = await this.ontologies.markPublished(tx, projectId, version, caller.id, policy, migrations);
      await this.projects.setCurrentOntology(tx, projectId, version, policy);
      await this.snapshots.announce(tx, projectId, ProjectChange.ONTOLOGY_PUBLISHED, { version, previous, relabelPolicy: policy, migrations });
      return record;
    });
    this.snapshots.kick();
    return published;
  }
}
