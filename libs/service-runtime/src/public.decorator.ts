import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'verity:isPublic';

/**
 * Marks a route as reachable without credentials. Every other route is denied by default
 * by the auth guard (the lint rule checks that each handler is either guarded or public).
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
