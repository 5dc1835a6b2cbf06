import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const N = 16384;
const r = 8;
const p = 1;

/** scrypt password hash, self-describing: `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, rr, pp, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
  });
  return timingSafeEqual(got, expected);
}

/** A new machine API key: `vk_<id>_<secret>`. Store only `secretHash`; show the token once. */
export function newApiKey(): { id: string; token: string; secretHash: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { id, token: `vk_${id}_${secret}`, secretHash: sha256Hex(secret) };
}

/** Splits a presented API key into id and secret; null when it is not shaped like one. */
export function parseApiKey(token: string): { id: string; secret: string } | null {
  const m = /^vk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$/.exec(token);
  return m ? { id: m[1], secret: m[2] } : null;
}

export function apiKeyMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(sha256Hex(secret), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
