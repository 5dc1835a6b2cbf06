import { Injectable } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { Project } from '../domain/project.model';
import { ProjectsRepository } from '../db/projects.repository';

/** The projects the caller belongs to (all of them for an admin). */
@Injectable()
export class ListProjectsUseCase {
  constructor(private readonly projects: ProjectsRepository) {}

  execute(caller: Principal, includeArchived: boolean): Promise<Project[]> {
    if (caller.roles.includes('admin')) return this.projects.listAll(includeArchived);
    if (caller.kind === 'api_key') return this.projects.listByIds(caller.projectIds ?? [], includeArchived);
    return this.projects.listForMember(caller.id, includeArchived);
  }
}
