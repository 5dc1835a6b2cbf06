/** Machine-readable reason of a {@link StorageError}. */
export type StorageErrorCode =
  | 'NOT_FOUND'
  | 'INTEGRITY'
  | 'INVALID_KEY'
  | 'INVALID_SETTINGS'
  | 'INVALID_ARGUMENT'
  | 'ACCESS_DENIED'
  | 'UNAVAILABLE'
  | 'S3_ERROR';

/** Base of every error thrown by @verity/storage. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** get(key) of an object that does not exist. */
export class ObjectNotFoundError extends StorageError {
  readonly key: string;

  constructor(key: string, options?: { cause?: unknown }) {
    super('NOT_FOUND', `object not found: ${key}`, options);
    this.key = key;
  }
}

/**
 * The bytes read (or written) do not hash to the sha256 recorded for them. `expected` is null
 * when the object carries no sha256 at all (written by another tool).
 */
export class IntegrityError extends StorageError {
  readonly key: string;
  readonly expected: string | null;
  readonly actual: string;

  constructor(key: string, expected: string | null, actual: string, detail?: string) {
    super(
      'INTEGRITY',
      `integrity check failed for ${key}: expected sha256 ${expected ?? '(none recorded)'}, got ${actual}` +
        (detail ? ` (${detail})` : ''),
    );
    this.key = key;
    this.expected = expected;
    this.actual = actual;
  }
}
