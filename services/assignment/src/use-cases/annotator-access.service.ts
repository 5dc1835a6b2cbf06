import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/service-runtime';
import { ProjectCopyRepository, type CallerStanding, type ProjectCopy } from '../db/project-copy.repository';
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

  /** `lockLeases`: the same read takes the caller's lease lock in the project (a lease's transaction). */
  async require(db: Queryable, principal: Principal, projectId: string, opts: { forNewWork: boolean; lockLeases?: boolean }): Promise<AnnotatorContext> {
    const withSuspension = opts.forNewWork && principal.kind === 'user';
    return this.decide(principal, await this.projects.standingOf(db, projectId, principal.id, withSuspension, { lockLeases: opts.lockLeases }));
  }

  /**
   * The gate for a route that names a task: its project's. A task the caller may not see is 404
   * with `notFound` (default "task not found"), whether it exists or not.
   */
  async requireOnTask(db: Queryable, principal: Principal, taskId: string, opts: { forNewWork: boolean; notFound?: string }): Promise<AnnotatorContext> {
    const notFound = () => new NotFoundException(opts.notFound ?? 'task not found');
    const standing = await this.projects.standingOnTask(db, taskId, principal.id, opts.forNewWork && principal.kind === 'user');
    if (!standing) throw notFound();
    try {
      return this.decide(principal, standing);
    } catch (err) {
      if (err instanceof NotFoundException) throw notFound();
      throw err;
    }
  }

  private decide(principal: Principal, { project, member, suspended }: CallerStanding): AnnotatorContext {
    const roles = principal.kind === 'user' ? principal.roles : [];
    const decision = annotatorAccess(roles, project, member, suspended);
    if (!decision.ok) {
      if (decision.status === 403) throw new ForbiddenException(decision.reason);
      throw new NotFoundException(decision.reason);
    }
    return { project: project!, member: member! };
  }
}
