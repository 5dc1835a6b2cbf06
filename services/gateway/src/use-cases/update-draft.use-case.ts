import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { DATA_SOURCE } from '@verity/service-runtime';
import { MANAGE, ProjectAccess } from './project-access.service';
import { OntologiesRepository } from '../db/ontologies.repository';
import { OntologyVersionRecord } from '../domain/ontology-version.model';
import { checkOntology } from './check-ontology.use-case';

/** The project manager replaces a draft's guidelines and questions; a published version is immutable (409). */
@Injectable()
export class UpdateDraftUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly ontologies: OntologiesRepository,
  ) {}

  /** The body is checked after the caller's access, so a non-member learns nothing from a 400. */
  async execute(caller: Principal, projectId: string, version: number, body: unknown): Promise<OntologyVersionRecord> {
    await this.access.require(caller, projectId, MANAGE);
    const draft = checkOntology(body);
    return this.ds.transaction(async (tx) => {
      const updated = await this.ontologies.updateDraft(tx, projectId, version, draft);
      if (updated) return updated;
      const existing = await this.ontologies.get(projectId, version, tx);
      if (!existing) throw new NotFoundException('ontology version not found');
      throw new ConflictException(`ontology version ${version} is published and immutable; create a new draft version instead`);
    });
  }
}
