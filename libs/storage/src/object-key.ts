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
}

/** `<prefix>/sha256/<hex>`; slashes around the prefix are normalised, an empty prefix gives `sha256/<hex>`. */
export function contentAddressedKey(prefix: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new StorageError('INVALID_KEY', `not a sha256 hex digest: ${sha256}`);
  const p = prefix.replace(/^\/+|\/+$/g, '');
  return p ? `${p}/sha256/${sha256}` : `sha256/${sha256}`;
}

/** The digest a content-addressed key names, or null for any other key. */
export function sha256FromKey(key: string): string | null {
  const m = CONTENT_ADDRESSED.exec(key);
  return m ? m[1] : null;
}
