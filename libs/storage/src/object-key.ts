import { StorageError } from './storage.errors';

const MAX_KEY_BYTES = 1024;
const CONTENT_ADDRESSED = /(?:^|\/)sha256\/([0-9a-f]{64})$/;

/** Throws INVALID_KEY unless the key is a usable S3 object key. */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StorageError('INVALID_KEY', 'object key must be a non-empty string');
  }
  if (key.startsWith('/'))
    throw new StorageError('INVALID_KEY', `object key must not start with '/': ${key}`);
  // Keys ending in '/' are "directory markers" to several S3-compatible stores (see list()).
  if (key.endsWith('/'))
    throw new StorageError('INVALID_KEY', `object key must not end with '/': ${key}`);
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new StorageError('INVALID_KEY', `object key longer than ${MAX_KEY_BYTES} bytes`);
  }
  if (/[\u0000-\u001f\u007f]/.test(key))
    throw new StorageError('INVALID_KEY', 'object key contains control characters');
  // S3 keeps `a/../b` as it is, but a filesystem-backed store (S3Proxy's) or a later copy to
  // disk resolves it: a key that could leave its prefix is refused, whoever built it.
  if (key.split('/').some((s) => s === '' || s === '.' || s === '..'))
    throw new StorageError('INVALID_KEY', `object key has an empty, '.' or '..' segment: ${JSON.stringify(key)}`);
  if (key.includes('\\'))
    throw new StorageError('INVALID_KEY', `object key contains a backslash: ${JSON.stringify(key)}`);
}

/**
 * The one way to build a key from a configured prefix and user-supplied names: the prefix may
 * span segments (`releases`, `a/b`), each name is exactly one segment (no '/', not empty, '.' or
 * '..', no control character or backslash). Anything else throws INVALID_KEY naming the part,
 * so a user-supplied id can neither leave the prefix nor land in another id's folder.
 */
export function objectKey(prefix: string, ...names: string[]): string {
  if (typeof prefix !== 'string' || prefix.length === 0) throw new StorageError('INVALID_KEY', 'object key prefix must be a non-empty string');
  for (const s of prefix.split('/')) assertSegment(s, 'prefix');
  for (const n of names) {
    if (typeof n === 'string' && n.includes('/')) throw new StorageError('INVALID_KEY', `key segment must not contain '/': ${JSON.stringify(n)}`);
    assertSegment(n, 'key segment');
  }
  const key = [prefix, ...names].join('/');
  assertValidKey(key);
  return key;
}

function assertSegment(s: string, what: string): void {
  if (typeof s !== 'string' || s === '' || s === '.' || s === '..')
    throw new StorageError('INVALID_KEY', `${what} must be a name, not ${JSON.stringify(s)}`);
  if (/[\u0000-\u001f\u007f\\]/.test(s))
    throw new StorageError('INVALID_KEY', `${what} contains a control character or backslash: ${JSON.stringify(s)}`);
}

/** `<prefix>/sha256/<hex>`; slashes around the prefix are normalised, an empty prefix gives `sha256/<hex>`. */
export function contentAddressedKey(prefix: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new StorageError('INVALID_KEY', `not a sha256 hex digest: ${sha256}`);
  const p = prefix.replace(/^\/+|\/+$/g, '');
  return p ? objectKey(p, 'sha256', sha256) : objectKey('sha256', sha256);
}

/** The digest a content-addressed key names, or null for any other key. */
export function sha256FromKey(key: string): string | null {
  const m = CONTENT_ADDRESSED.exec(key);
  return m ? m[1] : null;
}
