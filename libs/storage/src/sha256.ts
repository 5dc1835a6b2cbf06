import { createHash } from 'node:crypto';

/** Lower-case hex sha256 of the bytes (a string is hashed as UTF-8). */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Base64 MD5, the value of a Content-MD5 header: the server rejects a body that does not match. */
export function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
