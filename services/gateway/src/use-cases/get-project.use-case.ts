import { Injectable } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { Project } from '../domain/project.model';
import { ProjectAccess } from './project-access.service';

/** A member (or admin) reads a project. */
@Injectable()
export class GetProjectUseCase {
  constructor(private readonly access: ProjectAccess) {}

  async execute(caller: Principal, projectId: string): Promise<Project> {
    return (await this.access.require(caller, projectId, 'read')).project;
  }
}
