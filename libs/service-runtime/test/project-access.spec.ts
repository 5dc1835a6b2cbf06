import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectAccess } from '../src/project-access/project-access.service';

/** A fake of the membership copy: project p1 with a manager, an annotator and an inactive analyst. */
const members: Record<string, { roles: string[]; active: boolean }> = {
  pm: { roles: ['project_manager'], active: true },
  ann: { roles: ['annotator'], active: true },
  gone: { roles: ['quality_analyst'], active: false },
};
const ds = {
  async query(sql: string, params: string[]) {
    if (sql.includes('project_access_projects')) return params[0] === 'p1' ? [{}] : [];
    const m = params[0] === 'p1' ? members[params[1]!] : undefined;
    return m ? [{ userId: params[1], ...m }] : [];
  },
} as unknown as DataSource;

describe('ProjectAccess', () => {
  const access = new ProjectAccess(ds, { service: 'export', schema: 'export' });
  const user = (id: string, roles: Principal['roles'] = ['project_manager', 'quality_analyst', 'annotator']): Principal => ({ kind: 'user', id, roles });

  it('lets admins pass, even without membership', async () => {
    await expect(access.require(user('root', ['admin']), 'p2', ['project_manager'])).resolves.toEqual({ via: 'admin' });
  });

  it('answers 404 to a non-member and an inactive member, whatever their global roles', async () => {
    await expect(access.require(user('stranger'), 'p1')).rejects.toThrow(NotFoundException);
    await expect(access.require(user('gone'), 'p1')).rejects.toThrow(NotFoundException);
    await expect(access.require(user('pm'), 'p2')).rejects.toThrow(NotFoundException);
  });

  it('answers 403 to a member without the project role, and passes one with it', async () => {
    await expect(access.require(user('ann'), 'p1', ['project_manager', 'quality_analyst'])).rejects.toThrow(ForbiddenException);
    await expect(access.require(user('ann'), 'p1')).resolves.toMatchObject({ via: 'member', member: { roles: ['annotator'] } });
    await expect(access.require(user('pm'), 'p1', ['project_manager'])).resolves.toMatchObject({ via: 'member' });
  });

  it('holds a machine key to its projects, and to keyRoles where project roles are asked', async () => {
    const key = (projectIds: string[], roles: Principal['roles'] = ['consumer']): Principal => ({ kind: 'api_key', id: 'k', roles, projectIds });
    await expect(access.require(key(['p2']), 'p1')).rejects.toThrow(NotFoundException);
    await expect(access.require(key(['p1']), 'p1')).resolves.toEqual({ via: 'api_key' });
    await expect(access.require(key(['p1']), 'p1', ['project_manager'])).rejects.toThrow(ForbiddenException);
    await expect(access.require(key(['p1']), 'p1', ['project_manager'], { keyRoles: ['consumer'] })).resolves.toEqual({ via: 'api_key' });
    await expect(access.require(key(['p1'], ['producer']), 'p1', ['project_manager'], { keyRoles: ['consumer'] })).rejects.toThrow(ForbiddenException);
  });
});
