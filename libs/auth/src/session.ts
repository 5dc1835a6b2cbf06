// The web console's session: the same JWT a bearer caller gets, carried in an HttpOnly,
// SameSite=Strict cookie that only the gateway accepts, plus the checks that keep another site
// from using it (CSRF). Framework-free: the guard and the gateway's routes call these.

/** Name of the session cookie the gateway sets on sign-in. */
export const SESSION_COOKIE = 'verity_session';
/** Header a cookie-authenticated unsafe request must carry (value `1`); forms and other sites cannot set it. */
export const CSRF_HEADER = 'x-verity-csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Headers = Record<string, string | string[] | undefined>;

/**
 * Parses a Cookie request header into name → value. Pairs without `=` and empty names are
 * skipped; the first occurrence of a name wins (RFC 6265 §5.4: the most specific path comes
 * first); values may be double-quoted and are percent-decoded when that is valid.
 */
export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return out;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      /* not percent-encoded: kept as sent */
    }
    out[name] = value;
  }
  return out;
}

export interface SessionCookieOptions {
  /** Adds `Secure` (the browser then sends it over HTTPS only). */
  secure: boolean;
}

/** The Set-Cookie value that starts a session: HttpOnly, SameSite=Strict, whole origin, `maxAgeSeconds` long. */
export function sessionCookie(token: string, maxAgeSeconds: number, opts: SessionCookieOptions): string {
  if (!/^[A-Za-z0-9._-]+$/.test(token)) throw new Error('a session token must be a JWT');
  return cookieLine(token, Math.max(0, Math.floor(maxAgeSeconds)), opts);
}

/** The Set-Cookie value that ends a session (empty value, Max-Age=0). */
export function clearedSessionCookie(opts: SessionCookieOptions): string {
  return cookieLine('', 0, opts);
}

function cookieLine(value: string, maxAge: number, opts: SessionCookieOptions): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${opts.secure ? '; Secure' : ''}`;
}

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.split(',')[0]?.trim() || undefined;
}

/**
 * The origin (scheme://host[:port]) the request was addressed to, as the browser saw it:
 * X-Forwarded-Proto / X-Forwarded-Host when a proxy in front set them, else the connection's
 * scheme and the Host header. (A page on another site cannot set those headers on a request
 * the browser sends for it, so they cannot be used to make a foreign Origin match.)
 */
export function requestOrigin(headers: Headers, encrypted: boolean): string | undefined {
  const host = first(headers['x-forwarded-host']) ?? first(headers.host);
  if (!host) return undefined;
  const proto = (first(headers['x-forwarded-proto']) ?? (encrypted ? 'https' : 'http')).toLowerCase();
  return `${proto}://${host.toLowerCase()}`;
}

export interface CrossSiteRequest {
  method: string;
  headers: Headers;
  /** The connection is TLS (the request came over https to this process). */
  encrypted?: boolean;
}

/**
 * Why this request must be refused as possibly cross-site, or null when it may go on.
 * An `Origin` header, when present, must be the request's own origin (`Origin: null` never is).
 * With `requireCsrfHeader`, an unsafe method (POST, PUT, PATCH, DELETE) must also carry
 * `X-Verity-Csrf: 1`. Safe methods are never refused.
 */
export function crossSiteRefusal(req: CrossSiteRequest, opts: { requireCsrfHeader: boolean }): string | null {
  if (!UNSAFE_METHODS.has(req.method.toUpperCase())) return null;
  const origin = first(req.headers.origin);
  if (origin !== undefined) {
    const own = requestOrigin(req.headers, req.encrypted ?? false);
    if (!own || origin.toLowerCase() !== own) return `origin ${origin} is not this site's origin${own ? ` (${own})` : ''}`;
  }
  if (opts.requireCsrfHeader && first(req.headers[CSRF_HEADER]) !== '1') {
    return `a request authenticated by the session cookie needs the header X-Verity-Csrf: 1`;
  }
  return null;
}
