import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { applyPolicyPatch, DEFAULT_POLICY, policyPatchSchema, type ProjectPolicy } from '../http/project-policy.schema';
import { requireRawAccess } from './raw-access.rule';

const pm = { kind: 'user', id: 'u1', roles: ['project_manager'] } as Principal;
const project = (rawAccessRoles: ProjectPolicy['rawAccessRoles']) => ({ id: 'p1', policy: { ...DEFAULT_POLICY, rawAccessRoles } });

describe('rawAccessRoles and includeRaw', () => {
  it('grants raw references to nobody by default', () => {
    expect(DEFAULT_POLICY.rawAccessRoles).toEqual([]);
    expect(() => requireRawAccess(pm, project([]), { includeRaw: true })).toThrow(ForbiddenException);
    expect(() => requireRawAccess(pm, project([]), { includeRaw: true })).toThrow(/includeRaw: project p1 grants raw access to no role/);
  });

  it('lets a caller with a granted global role ask, and anyone make a release without raw references', () => {
    expect(() => requireRawAccess(pm, project(['project_manager']), { includeRaw: true })).not.toThrow();
    expect(() => requireRawAccess(pm, project(['admin']), { includeRaw: true })).toThrow(/the roles admin/);
    expect(() => requireRawAccess(pm, project([]), { includeRaw: false })).not.toThrow();
    expect(() => requireRawAccess(pm, project([]), {})).not.toThrow();
    expect(() => requireRawAccess(pm, project([]), undefined)).not.toThrow();
  });

  it('refuses roles that cannot make releases, and repeats, naming the field', () => {
    const bad = policyPatchSchema.safeParse({ rawAccessRoles: ['annotator'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual(['rawAccessRoles', 0]);
    const twice = policyPatchSchema.safeParse({ rawAccessRoles: ['admin', 'admin'] });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0].message).toBe('must not repeat a role');
    expect(applyPolicyPatch(DEFAULT_POLICY, { rawAccessRoles: ['consumer', 'project_manager'] }).rawAccessRoles).toEqual(['consumer', 'project_manager']);
  });
});
