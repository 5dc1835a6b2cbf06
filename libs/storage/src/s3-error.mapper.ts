import { StorageError, type StorageErrorCode } from './storage.errors';

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** True when the SDK error means "no such object/bucket". */
export function isNotFound(err: unknown): boolean {
  const e = err as SdkLikeError;
  return (
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchKey' ||
    e?.name === 'NoSuchBucket' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

/** Wraps an SDK/network error into a StorageError with a stable code (the original is the cause). */
export function toStorageError(err: unknown, action: string): StorageError {
  if (err instanceof StorageError) return err;
  const e = err as SdkLikeError;
  const status = e?.$metadata?.httpStatusCode;
  let code: StorageErrorCode = 'S3_ERROR';
  if (isNotFound(err)) code = 'NOT_FOUND';
  else if (
    status === 401 ||
    status === 403 ||
    e?.name === 'AccessDenied' ||
    e?.name === 'InvalidAccessKeyId' ||
    e?.name === 'SignatureDoesNotMatch'
  )
    code = 'ACCESS_DENIED';
  else if (e?.name === 'BadDigest' || e?.name === 'InvalidDigest') code = 'INTEGRITY';
  else if (
    status === undefined ||
    status >= 500 ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'TimeoutError'].includes(e?.code ?? e?.name ?? '')
  )
    code = 'UNAVAILABLE';
  const detail =
    e?.name && e.name !== 'Error' ? `${e.name}: ${e?.message ?? ''}` : String(e?.message ?? err);
  return new StorageError(code, `${action} failed: ${detail}`, { cause: err });
}
