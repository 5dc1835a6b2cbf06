import { Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { ProjectAccess } from './project-access.service';
import { OntologiesRepository } from '../db/ontologies.repository';
import { diffOntologies, OntologyDiff } from '../domain/ontology.diff';
import { OntologyVersionRecord } from '../domain/ontology-version.model';

/** Members (and admins) read a project's ontology versions, drafts included, and diffs between them. */
@Injectable()
export class ReadOntologiesUseCase {
  constructor(
    private readonly access: ProjectAccess,
    private readonly ontologies: OntologiesRepository,
  ) {}

  async list(caller: Principal, projectId: string): Promise<OntologyVersionRecord[]> {
    await this.access.require(caller, projectId, 'read');
    return this.ontologies.list(projectId);
  }

  async get(caller: Principal, projectId: string, version: number): Promise<OntologyVersionRecord> {
    await this.access.require(caller, projectId, 'read');
    const o = await this.ontologies.get(projectId, version);
    if (!o) throw new NotFoundException('ontology version not found');
    return o;
  }

  /** What changed from version `a` to version `b` (drafts included); 404 when either is unknown. */
  async diff(caller: Principal, projectId: string, a: number, b: number): Promise<OntologyDiff> {
    await this.access.require(caller, projectId, 'read');
    const [from, to] = [await this.ontologies.get(projectId, a), await this.ontologies.get(projectId, b)];
    if (!from || !to) throw new NotFoundException(`ontology version ${!from ? a : b} not found`);
    return diffOntologies(from, to);
  }
}
