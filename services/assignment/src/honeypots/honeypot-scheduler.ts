import { createHash, randomBytes } from 'node:crypto';

/**
 * Honeypot injection decision: lease number `n` (0-based, counted per project and annotator)
 * is a honeypot when a keyed hash of (seed, project, annotator, n) falls below the rate.
 *
 * - Deterministic: the same seed, project, annotator and counter always give the same answer,
 *   so tests and replays are stable.
 * - Unpredictable to the annotator: without the seed the sequence looks random (no "every
 *   5th task" pattern to learn).
 * - The share converges to the rate: each lease is an independent Bernoulli(rate) draw, so over
 *   n leases the share is within 3·sqrt(r(1-r)/n) of r with probability 99.7%.
 */
export function isHoneypotTurn(seed: string, projectId: string, annotatorId: string, n: number, rate: number): boolean {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  return uniform(seed, `${projectId}|${annotatorId}|${n}`) < rate;
}

/** A number in [0, 1) from a keyed hash: 48 bits of HMAC-like sha256(seed | key). */
export function uniform(seed: string, key: string): number {
  const h = createHash('sha256').update(seed).update('\u0000').update(key).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * A UUIDv7 (RFC 9562) carrying the given Unix-millisecond timestamp. A honeypot copy takes the
 * timestamp of the real task it displaces, so its id says nothing about when it was made (the
 * shared uuidv7() is monotonic within the process and cannot mint a past timestamp).
 */
export function uuidv7At(ms: number): string {
  const b = randomBytes(16);
  const t = BigInt(Math.max(0, Math.floor(ms)));
  for (let i = 0; i < 6; i++) b[i] = Number((t >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The Unix-millisecond timestamp of a UUIDv7; null for anything else. */
export function uuidv7Millis(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return null;
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
