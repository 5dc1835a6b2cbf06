import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, SERVICE_IDENTITY } from '../tokens';
import type { ServiceIdentity } from '../event-runtime';
import type { Queryable } from '@verity/persistence';
import { ProjectAccessRepository, type ProjectMember } from './project-access.repository';

/** Project roles: what a route may require of a member. */
export type ProjectRoleName = 'annotator' | 'quality_analyst' | 'project_manager';

/** Who passed: an admin, a member (with their project roles), or a machine key limited to the project. */
export type ProjectGrant =
  | { via: 'admin' }
  | { via: 'member'; member: ProjectMember }
  | { via: 'api_key' };

const NOT_FOUND = 'project not found';

/**
 * The gate of every route that takes a project id (or an id of one of its objects), from the
 * service's own copy of projects.v1 (ProjectAccessConsumer), so it holds whatever can reach the
 * service. Admins pass. Anyone else who is not an active member of the project (or a machine
 * key limited to it) gets 404, whatever the id, so ids cannot be probed; a member without one of
 * `roles` gets 403. A machine key (forwarded by the gateway) passes when limited to the project
 * and, when `roles` are given, only with one of `keyRoles` among its global roles.
 */
@Injectable()
export class ProjectAccess {
  private readonly repo: ProjectAccessRepository;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
  ) {
    this.repo = new ProjectAccessRepository(identity.schema);
  }

  async require(
    p: Principal,
    projectId: string,
    roles?: readonly ProjectRoleName[],
    opts: { keyRoles?: readonly string[]; db?: Queryable } = {},
  ): Promise<ProjectGrant> {
    if (p.roles.includes('admin')) return { via: 'admin' };
    const db = opts.db ?? this.ds;
    if (p.kind === 'api_key') {
      if (!(p.projectIds ?? []).includes(projectId) || !(await this.repo.known(db, projectId))) throw new NotFoundException(NOT_FOUND);
      if (roles && !(opts.keyRoles ?? []).some((r) => (p.roles as string[]).includes(r))) {
        throw new ForbiddenException(`this action needs one of the project roles: ${roles.join(', ')}`);
      }
      return { via: 'api_key' };
    }
    const member = await this.repo.member(db, projectId, p.id);
    if (!member || !member.active) throw new NotFoundException(NOT_FOUND);
    if (roles && !roles.some((r) => member.roles.includes(r))) {
      throw new ForbiddenException(`this action needs one of the project roles: ${roles.join(', ')}`);
    }
    return { via: 'member', member };
  }

  /** The caller's active membership, or null (admins and keys have none); never throws. */
  async member(p: Principal, projectId: string, db: Queryable = this.ds): Promise<ProjectMember | null> {
    if (p.kind !== 'user') return null;
    const m = await this.repo.member(db, projectId, p.id);
    return m?.active ? m : null;
  }
}
