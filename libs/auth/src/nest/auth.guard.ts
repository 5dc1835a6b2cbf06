import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError } from '../auth.error';
import { JwtClaims, verifyJwt } from '../jwt';
import { Principal, Role } from '../roles';
import { parseApiKey } from '../secrets';
import { crossSiteRefusal, parseCookies, SESSION_COOKIE } from '../session';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const API_KEY_RESOLVER = Symbol('API_KEY_RESOLVER');

export interface AuthOptions {
  /** Signs and verifies tokens. */
  jwtSecret: string;
  /** Keys being rotated out: tokens they signed are still accepted until they expire (nothing is signed with them). */
  previousJwtSecrets?: readonly string[];
  /**
   * A service behind the gateway: the audience (`serviceAudience(name)`) of the only tokens it
   * accepts, those the gateway signs for it. People's tokens, API keys and cookies are refused.
   * Unset: the gateway (people's tokens, API keys, and the session cookie when enabled).
   */
  serviceAudience?: string;
  /**
   * Also accept the web console's session cookie (`verity_session`), with its CSRF checks.
   * Only the gateway, which serves the console, turns this on; services refuse cookies.
   */
  sessionCookie?: SessionCookieAuth;
}

export interface SessionCookieAuth {
  /**
   * The cookie is `Secure`: browsers reach this origin over HTTPS only, so a request without
   * X-Forwarded-Proto (TLS ended by a proxy that does not say so) is taken as https when its
   * Origin is compared with the request's own.
   */
  secure: boolean;
}

/** What the guard reads of a request (Express's, or a test's). */
interface GuardedRequest {
  method?: string;
  headers?: Record<string, string | string[] | undefined>;
  socket?: { encrypted?: boolean };
  principal?: Principal;
}

/** Looks up a presented API key (id + secret); null when unknown, revoked or wrong. */
export interface ApiKeyResolver {
  resolve(id: string, secret: string): Promise<Principal | null>;
}

/**
 * Deny by default: every route needs a valid bearer JWT or API key unless marked @Public();
 * @Roles narrows it further. Project membership is checked by the use case (it needs data).
 * A service (`serviceAudience`) takes only the gateway's tokens for it, never a person's token,
 * an API key or a cookie.
 * With `sessionCookie` (the gateway only), the session cookie is a third way in, used only when
 * neither of the others is sent; its unsafe requests must pass `crossSiteRefusal` (403 otherwise).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly opts: AuthOptions,
    @Optional() @Inject(API_KEY_RESOLVER) private readonly apiKeys?: ApiKeyResolver,
  ) {}

  /** The current key first, then those being rotated out. */
  private verificationKeys(): readonly string[] {
    return [this.opts.jwtSecret, ...(this.opts.previousJwtSecrets ?? [])];
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.authenticate(req);
    req.principal = principal;
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (needed && needed.length > 0 && !principal.roles.includes('admin') && !needed.some((r) => principal.roles.includes(r))) {
      throw new ForbiddenException(`this action needs one of the roles: ${needed.join(', ')}`);
    }
    return true;
  }

  private async authenticate(req: GuardedRequest): Promise<Principal> {
    const headers = req.headers ?? {};
    const auth = headers.authorization;
    if (this.opts.serviceAudience) return this.authenticateServiceCall(auth, this.opts.serviceAudience);
    const apiKey = headers['x-api-key'];
    try {
      if (typeof auth === 'string' && auth.startsWith('Bearer ')) {
        const claims = verifyJwt(auth.slice(7).trim(), this.verificationKeys());
        return { kind: 'user', id: claims.sub, roles: claims.roles };
      }
      if (typeof apiKey === 'string') {
        const parsed = parseApiKey(apiKey);
        if (!parsed) throw new AuthError('malformed', 'API key is malformed');
        const principal = this.apiKeys ? await this.apiKeys.resolve(parsed.id, parsed.secret) : null;
        if (!principal) throw new AuthError('unknown_key', 'API key is unknown or revoked');
        return principal;
      }
      const cookieAuth = this.opts.sessionCookie;
      const session = cookieAuth && auth === undefined ? parseCookies(headers.cookie)[SESSION_COOKIE] : undefined;
      if (cookieAuth && session) {
        const claims = verifyJwt(session, this.verificationKeys());
        const encrypted = req.socket?.encrypted === true || cookieAuth.secure;
        const refusal = crossSiteRefusal({ method: req.method ?? 'GET', headers, encrypted }, { requireCsrfHeader: true });
        if (refusal) throw new ForbiddenException(`cross-site request refused: ${refusal}`);
        return { kind: 'user', id: claims.sub, roles: claims.roles };
      }
    } catch (err) {
      if (err instanceof AuthError) throw new UnauthorizedException(err.message);
      throw err;
    }
    throw new UnauthorizedException(
      this.opts.sessionCookie
        ? 'credentials required: a bearer token, an x-api-key header or a session (POST /v1/auth/session)'
        : 'credentials required: a bearer token or an x-api-key header',
    );
  }

  /** A service accepts one credential: the gateway's short-lived token for it, as the caller. */
  private authenticateServiceCall(auth: string | string[] | undefined, audience: string): Principal {
    if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) {
      throw new UnauthorizedException('credentials required: this service takes only the tokens the gateway signs for it');
    }
    let claims: JwtClaims;
    try {
      claims = verifyJwt(auth.slice(7).trim(), this.verificationKeys(), Date.now(), audience);
    } catch (err) {
      if (err instanceof AuthError) throw new UnauthorizedException(err.message);
      throw err;
    }
    if (claims.kind === 'api_key') {
      return { kind: 'api_key', id: claims.sub, roles: claims.roles, projectIds: Array.isArray(claims.projects) ? claims.projects.filter((x) => typeof x === 'string') : [] };
    }
    return { kind: 'user', id: claims.sub, roles: claims.roles };
  }
}
