import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError } from './auth.error';
import { isRole, Role } from './roles';

export interface JwtClaims {
  sub: string;
  roles: Role[];
  iat: number;
  exp: number;
  iss: string;
  aud: string;
  /** Token id, for audit. */
  jti?: string;
  /** Service tokens only: the caller is a machine key (`api_key`), with the projects it is limited to. */
  kind?: 'user' | 'api_key';
  projects?: string[];
}

export const JWT_ISSUER = 'verity';
/** The audience of people's tokens: accepted by the gateway (the public edge) only. */
export const JWT_AUDIENCE = 'verity';

/** The audience of the short-lived tokens the gateway signs for one service (`verity:<service>`). */
export const serviceAudience = (service: string): string => `verity:${service}`;

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

/** Signs an HS256 JWT for a person (audience `verity`, or `aud`). `ttlSeconds` bounds its life; there is no refresh here. */
export function signJwt(
  claims: { sub: string; roles: Role[]; jti?: string; kind?: 'user' | 'api_key'; projects?: string[] },
  secret: string,
  ttlSeconds: number,
  now = Date.now(),
  aud: string = JWT_AUDIENCE,
): string {
  const iat = Math.floor(now / 1000);
  const body: JwtClaims = { ...claims, iat, exp: iat + ttlSeconds, iss: JWT_ISSUER, aud };
  const input = `${HEADER}.${b64url(JSON.stringify(body))}`;
  return `${input}.${sign(input, secret).toString('base64url')}`;
}

/**
 * Verifies signature (constant time), algorithm, issuer, audience (`verity` unless `aud`) and time;
 * returns the claims. `secrets` may list several keys: the current one first, then the ones being
 * rotated out (a token signed with any of them is accepted; see `JWT_PREVIOUS_SECRETS`).
 */
export function verifyJwt(token: string, secrets: string | readonly string[], now = Date.now(), aud: string = JWT_AUDIENCE): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new AuthError('malformed', 'token is not a JWT');
  const [h, p, s] = parts;
  let header: { alg?: string };
  let claims: Partial<JwtClaims>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new AuthError('malformed', 'token is not a JWT');
  }
  if (header.alg !== 'HS256') throw new AuthError('malformed', 'token algorithm must be HS256');
  const given = Buffer.from(s, 'base64url');
  const signedWith = (secret: string) => {
    const expected = sign(`${h}.${p}`, secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  // Every key is tried (no early exit), so the time taken does not say which one matched.
  const matches = (typeof secrets === 'string' ? [secrets] : secrets).map(signedWith);
  if (!matches.includes(true)) throw new AuthError('bad_signature', 'token signature is invalid');
  const t = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || t >= claims.exp) throw new AuthError('expired', 'token has expired');
  if (typeof claims.iat === 'number' && claims.iat > t + 60) throw new AuthError('not_yet_valid', 'token is not valid yet');
  if (claims.iss !== JWT_ISSUER) throw new AuthError('wrong_audience', 'token is not for Verity');
  if (claims.aud !== aud) {
    throw new AuthError('wrong_audience', aud === JWT_AUDIENCE ? 'token is not for Verity' : `token is not for this service (${aud}): only the gateway's tokens for it are accepted`);
  }
  if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || !claims.roles.every(isRole)) {
    throw new AuthError('malformed', 'token claims are incomplete');
  }
  return claims as JwtClaims;
}

/** Lifetime of a service token: one forwarded call, with room for clock skew. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;

/**
 * The token the gateway signs for one call to one service, as the caller: same subject and
 * roles, audience `verity:<service>` (no other service, nor the gateway, accepts it), and for a
 * machine key its kind and the projects it is limited to. Tests calling a service directly use
 * it too.
 */
export function signServiceToken(
  p: { kind: 'user' | 'api_key'; id: string; roles: Role[]; projectIds?: string[] },
  service: string,
  secret: string,
  opts: { ttlSeconds?: number; now?: number } = {},
): string {
  const claims = p.kind === 'api_key' ? { sub: p.id, roles: p.roles, kind: p.kind, projects: p.projectIds ?? [] } : { sub: p.id, roles: p.roles };
  return signJwt(claims, secret, opts.ttlSeconds ?? SERVICE_TOKEN_TTL_SECONDS, opts.now, serviceAudience(service));
}
