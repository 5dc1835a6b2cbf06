import { timingSafeEqual } from 'node:crypto';

/** Who may read /metrics: `ok`, or the status and reason to refuse with. */
export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The /metrics rule (docs/decisions.md): with `METRICS_TOKEN` set, the scraper must send
 * `Authorization: Bearer <METRICS_TOKEN>` (from any address); without it, only a peer on the
 * loopback interface is answered. The socket's address decides, never a forwarded header.
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined, remoteAddress: string | undefined): MetricsAccess {
  if (token) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (m && sameSecret(m[1], token)) return { ok: true };
    return { ok: false, status: 401, message: 'Authorization: Bearer <METRICS_TOKEN> is required for /metrics' };
  }
  if (isLoopback(remoteAddress)) return { ok: true };
  return { ok: false, status: 403, message: '/metrics is served to loopback peers only while METRICS_TOKEN is not set' };
}
