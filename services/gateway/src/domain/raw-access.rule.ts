import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import type { Project } from './project.model';

/**
 * A release asked for with includeRaw names the unmasked originals: only a caller holding a
 * global role the project lists in policy.rawAccessRoles may ask (empty: nobody). Export checks
 * it again; the body is forwarded as it is.
 */
export function requireRawAccess(p: Principal, project: Pick<Project, 'id' | 'policy'>, body: unknown): void {
  if (typeof body !== 'object' || body === null || (body as { includeRaw?: unknown }).includeRaw !== true) return;
  const granted: readonly string[] = project.policy.rawAccessRoles ?? [];
  if (!granted.some((r) => (p.roles as readonly string[]).includes(r))) {
    throw new ForbiddenException(
      `includeRaw: project ${project.id} grants raw access to ${granted.length ? `the roles ${granted.join(', ')}` : 'no role'}, and you hold none of them`,
    );
  }
}
