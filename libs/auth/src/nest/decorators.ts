import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, Role } from '../roles';

export const IS_PUBLIC = 'verity:isPublic';
export const REQUIRED_ROLES = 'verity:roles';

/**
 * Marks a route as reachable without credentials. Every other route is denied by default by
 * the global AuthGuard.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Global roles of which the caller needs at least one (admin always passes). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller, set by the AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().principal;
});
