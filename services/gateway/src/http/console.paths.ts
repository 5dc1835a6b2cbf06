// Which requests the web console answers, and with which file: pure decisions, unit-tested
// (console-paths.spec.ts); console-http.ts does the I/O.
import path from 'node:path';

/** Paths the API and the platform own: never the console's, whatever the Accept header says. */
export const API_PREFIXES = ['/v1', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'] as const;

/** The console's Content-Security-Policy: everything from this origin, no inline script or style, no framing. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every response the console gives (files, the page, its 404/400/503). */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Vite's hashed build output: a changed file gets a new name, so it may be cached for good. */
export const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: revalidate every time, so a new build shows at once. */
export const PAGE_CACHE = 'no-cache';

export const NOT_BUILT_MESSAGE = 'console not built: run npm run console:build';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Content-Type by file extension (nosniff is on, so it must be right); unknown → octet-stream. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function isApiPath(pathname: string): boolean {
  const p = pathname.toLowerCase(); // Express routes case-insensitively: /V1/me is the API too.
  return API_PREFIXES.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));
}

/** The browser asks for a page (a navigation), not data. */
export function acceptsHtml(accept: string | string[] | undefined): boolean {
  const a = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return /(^|[\s,])text\/html(\s*[;,]|\s*$)/i.test(a);
}

export type ConsoleTarget =
  /** Not the console's request: the API answers (its JSON 404 included). */
  | { kind: 'pass' }
  /** A path that tries to leave the console's folder or cannot be decoded: 400. */
  | { kind: 'refused' }
  /** A build asset: this file (relative to the console folder) or 404, never the page. */
  | { kind: 'asset'; file: string }
  /** A file at the top of the console folder (favicon.ico…) when it exists, else as `page`. */
  | { kind: 'root-file'; file: string; page: boolean }
  /** index.html (the SPA's routes: the console's router takes it from there). */
  | { kind: 'page' };

/**
 * What the console does with a request. GET and HEAD only; API paths pass; a path whose decoded
 * form has a `.` or `..` segment, a NUL, a backslash or bad percent-encoding is refused; other
 * paths map to a file under the console folder, or to index.html when the browser asks for HTML.
 */
export function consoleTarget(method: string, url: string, accept: string | string[] | undefined): ConsoleTarget {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'pass' };
  const raw = url.split(/[?#]/, 1)[0] || '/';
  if (isApiPath(raw)) return { kind: 'pass' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { kind: 'refused' };
  }
  if (isApiPath(decoded)) return { kind: 'pass' };
  if (!decoded.startsWith('/') || /[\0\\]/.test(decoded)) return { kind: 'refused' };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return { kind: 'refused' };
  const html = acceptsHtml(accept);
  if (decoded === '/' || decoded === '/index.html') return { kind: 'page' };
  if (segments[0] === 'assets') {
    return { kind: 'asset', file: segments.join('/') }; // a folder (or /assets itself) is a 404 too
  }
  if (segments.length === 1 && segments[0].includes('.')) return { kind: 'root-file', file: segments[0], page: html };
  return html ? { kind: 'page' } : { kind: 'pass' };
}

/**
 * The absolute path of `relative` inside `root`, or undefined when it would fall outside it
 * (a second guard behind consoleTarget's refusal of `..` segments).
 */
export function insideRoot(root: string, relative: string): string | undefined {
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  return full.startsWith(base + path.sep) ? full : undefined;
}

/** The default console folder: services/console/dist of this checkout (or of the image). */
export function defaultConsoleDir(): string {
  return path.resolve(__dirname, '../../../console/dist');
}
