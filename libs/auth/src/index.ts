export { ROLES, isRole, type Role, type Principal } from './roles';
export { AuthError } from './auth.error';
export { signJwt, verifyJwt, signServiceToken, serviceAudience, JWT_AUDIENCE, JWT_ISSUER, SERVICE_TOKEN_TTL_SECONDS, type JwtClaims } from './jwt';
export { hashPassword, verifyPassword, newApiKey, parseApiKey, apiKeyMatches } from './secrets';
export { Public, Roles, CurrentPrincipal, IS_PUBLIC, REQUIRED_ROLES } from './nest/decorators';
export { AuthGuard, AUTH_OPTIONS, API_KEY_RESOLVER, type ApiKeyResolver, type AuthOptions, type SessionCookieAuth } from './nest/auth.guard';
export { AuthModule } from './nest/auth.module';
export {
  SESSION_COOKIE,
  CSRF_HEADER,
  parseCookies,
  sessionCookie,
  clearedSessionCookie,
  requestOrigin,
  crossSiteRefusal,
  type CrossSiteRequest,
  type SessionCookieOptions,
} from './session';
