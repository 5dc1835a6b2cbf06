import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { DATA_SOURCE } from '@verity/service-runtime';
import { isUniqueViolation } from '../db/sql.helpers';
import { MANAGE, ProjectAccess } from './project-access.service';
import { ProjectsRepository } from '../db/projects.repository';
import { OntologiesRepository } from '../db/ontologies.repository';
import { OntologyVersionRecord } from '../domain/ontology-version.model';
import { checkOntology } from './check-ontology.use-case';

/** The project manager starts the next ontology version as a draft (one draft at a time). */
@Injectable()
export class CreateDraftUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly ontologies: OntologiesRepository,
  ) {}

  /** The body is checked after the caller's access, so a non-member learns nothing from a 400. */
  async execute(caller: Principal, projectId: string, body: unknown): Promise<OntologyVersionRecord> {
    await this.access.require(caller, projectId, MANAGE);
    const draft = checkOntology(body);
    try {
      return await this.ds.transaction(async (tx) => {
        const project = (await this.projects.lock(tx, projectId))!;
        if (project.archived) throw new ConflictException('the project is archived');
        return this.ontologies.insertDraft(tx, projectId, draft, caller.id);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException('the project already has a draft ontology version: edit or publish it');
      throw err;
    }
  }
}
