import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { Member, Project } from '../domain/project.model';
import { ProjectRoleName } from '../http/project.schemas';
import { MembersRepository } from '../db/members.repository';
import { ProjectsRepository } from '../db/projects.repository';

/** What a caller needs on a project: to see it, or one of some project roles. */
export type ProjectNeed = 'read' | readonly ProjectRoleName[];

const NOT_FOUND = 'project not found';

/**
 * The one gate in front of project data. Someone who does not belong to a project (not an
 * active member, not an admin, not an API key limited to it) gets 404 for it and everything
 * under it, whatever the id, so ids cannot be probed; a member without the role gets 403.
 */
@Injectable()
export class ProjectAccess {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly members: MembersRepository,
  ) {}

  async require(p: Principal, projectId: string, need: ProjectNeed): Promise<{ project: Project; member?: Member }> {
    const project = await this.projects.byId(projectId);
    if (!project) throw new NotFoundException(NOT_FOUND);
    if (p.roles.includes('admin')) return { project };
    if (p.kind === 'api_key') {
      if (!(p.projectIds ?? []).includes(projectId)) throw new NotFoundException(NOT_FOUND);
      if (need !== 'read') throw new ForbiddenException(`this action needs one of the project roles: ${need.join(', ')}`);
      return { project };
    }
    const member = await this.members.get(projectId, p.id);
    if (!member || !member.active) throw new NotFoundException(NOT_FOUND);
    if (need !== 'read' && !need.some((r) => member.roles.includes(r))) {
      throw new ForbiddenException(`this action needs one of the project roles: ${need.join(', ')}`);
    }
    return { project, member };
  }
}

export const MANAGE: readonly ProjectRoleName[] = ['project_manager'];
