import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/service-runtime';
import { projectAccess, type Capabilities } from '../domain/access.rule';
import { ProjectCopyRepository, type ProjectCopy } from '../db/project-copy.repository';
import { RequestRepository, type RequestRow } from '../db/request.repository';
import type { Queryable } from '@verity/persistence';

/** The gate of every expert route (domain/access): 404 for outsiders, 403 for members without the role. */
@Injectable()
export class ExpertAccessService {
  constructor(
    private readonly projects: ProjectCopyRepository,
    private readonly requests: RequestRepository,
  ) {}

  async forProject(db: Queryable, principal: Principal, projectId: string): Promise<{ project: ProjectCopy | null; caps: Capabilities }> {
    if (principal.kind !== 'user') throw new ForbiddenException("adjudication takes a person's bearer token");
    const project = await this.projects.find(db, projectId);
    const member = project ? await this.projects.findMember(db, projectId, principal.id) : null;
    const decision = projectAccess(principal.roles, project !== null, member);
    if (!decision.ok) {
      if (decision.status === 403) throw new ForbiddenException(decision.reason);
      throw new NotFoundException(decision.reason);
    }
    return { project, caps: decision.caps };
  }

  /** The request and the caller's capabilities in its project; an unknown request is 404 like an outsider. */
  async forRequest(db: Queryable, principal: Principal, requestId: string, opts: { forUpdate?: boolean } = {}): Promise<{ request: RequestRow; caps: Capabilities }> {
    const projectId = await this.requests.projectOf(db, requestId);
    const request = projectId ? await this.requests.find(db, projectId, requestId, opts) : null;
    if (!request) throw new NotFoundException('adjudication request not found');
    try {
      const { caps } = await this.forProject(db, principal, request.projectId);
      return { request, caps };
    } catch (err) {
      if (err instanceof NotFoundException) throw new NotFoundException('adjudication request not found');
      throw err;
    }
  }

  /**
   * The request for reading it (its full view and its media): as forRequest, and an escalated
   * request is for the project's managers only (403).
   */
  async forViewing(db: Queryable, principal: Principal, requestId: string): Promise<{ request: RequestRow; caps: Capabilities }> {
    const found = await this.forRequest(db, principal, requestId);
    if (found.request.state === 'escalated' && !found.caps.manager) throw new ForbiddenException('escalated requests are visible to project managers only');
    return found;
  }
}
