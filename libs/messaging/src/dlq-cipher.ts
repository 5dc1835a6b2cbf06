import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The algorithm of encrypted dead letters, as written in their `verity-dlq-encryption` header. */
export const DLQ_ENCRYPTION_ALGORITHM = 'aes-256-gcm';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** An encrypted dead letter that cannot be opened: wrong key, tampered bytes or headers, not sealed by us. */
export class DlqDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DlqDecryptError';
  }
}

/**
 * Parses `DLQ_ENCRYPTION_KEY`: standard or URL-safe base64 of exactly 32 random bytes
 * (`openssl rand -base64 32`). Throws with the reason otherwise.
 */
export function parseDlqKey(text: string): Buffer {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) throw new Error('must be base64 (e.g. `openssl rand -base64 32`)');
  const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new Error(`must be base64 of 32 bytes (got ${key.length})`);
  return key;
}

/**
 * AES-256-GCM for the payloads of sensitive topics' dead letters. Sealed form:
 * `version (1 byte, 1) ‖ IV (12 random bytes) ‖ ciphertext ‖ tag (16 bytes)`; the additional
 * authenticated data binds it to where the record came from (see `dlqAad`), so bytes moved to
 * another record, or headers rewritten, do not open. `keyId` (first 8 bytes of SHA-256 of the
 * key, hex) is written beside it, so a reader can tell "another key" from "tampered".
 */
export class DlqCipher {
  readonly keyId: string;
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`a DLQ key has 32 bytes (got ${key.length})`);
    this.key = Buffer.from(key);
    this.keyId = createHash('sha256').update('verity-dlq-key:').update(this.key).digest('hex').slice(0, 16);
  }

  static fromBase64(text: string): DlqCipher {
    return new DlqCipher(parseDlqKey(text));
  }

  seal(plain: Buffer, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]);
  }

  open(sealed: Buffer, aad: string): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
      throw new DlqDecryptError('not an encrypted dead letter (unknown format)');
    }
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const body = sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new DlqDecryptError('cannot be decrypted with this key (another key, or the record was altered)');
    }
  }
}

/** The authenticated data of a dead letter: the record it was copied from. */
export function dlqAad(originalTopic: string, partition: number | string, offset: string): string {
  return `verity-dlq:v1:${originalTopic}:${partition}:${offset}`;
}
