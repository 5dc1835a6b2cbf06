import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/service-runtime';
import { ProjectCopyRepository, type ProjectCopy } from '../db/project-copy.repository';
import { annotatorAccess, type MemberProfile } from '../domain/eligibility.rule';
import type { Queryable } from '@verity/persistence';

export interface AnnotatorContext {
  project: ProjectCopy;
  member: MemberProfile;
}

/** The gate of every annotator route: an active annotator member of the project, or 404. */
@Injectable()
export class AnnotatorAccessService {
  constructor(private readonly projects: ProjectCopyRepository) {}

  async require(db: Queryable, principal: Principal, projectId: string, opts: { forNewWork: boolean }): Promise<AnnotatorContext> {
    const { project, member, suspended } = await this.projects.standingOf(db, projectId, principal.id, opts.forNewWork && principal.kind === 'user');
    const roles = principal.kind === 'user' ? principal.roles : [];
    const decision = annotatorAccess(roles, project, member, suspended);
    if (!decision.ok) {
      if (decision.status === 403) throw new ForbiddenException(decision.reason);
      throw new NotFoundException(decision.reason);
    }
    return { project: project!, member: member! };
  }
}
