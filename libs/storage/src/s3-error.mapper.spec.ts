import { isNotFound, toStorageError } from './s3-error.mapper';
import { StorageError } from './storage.errors';

const sdkError = (name: string, status?: number) =>
  Object.assign(new Error(name), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });

describe('isNotFound', () => {
  it('recognises the SDK shapes of a missing object or bucket', () => {
    expect(isNotFound(sdkError('NotFound', 404))).toBe(true);
    expect(isNotFound(sdkError('NoSuchKey', 404))).toBe(true);
    expect(isNotFound(sdkError('NoSuchBucket'))).toBe(true);
    expect(isNotFound(sdkError('AccessDenied', 403))).toBe(false);
  });
});

describe('toStorageError', () => {
  it.each([
    ['NoSuchKey', 404, 'NOT_FOUND'],
    ['AccessDenied', 403, 'ACCESS_DENIED'],
    ['SignatureDoesNotMatch', 403, 'ACCESS_DENIED'],
    ['BadDigest', 400, 'INTEGRITY'],
    ['InternalError', 500, 'UNAVAILABLE'],
    ['InvalidArgument', 400, 'S3_ERROR'],
  ])('maps %s (%s) to %s and keeps the cause', (name, status, code) => {
    const cause = sdkError(name, status);
    const err = toStorageError(cause, 'put k');
    expect(err).toBeInstanceOf(StorageError);
    expect(err.code).toBe(code);
    expect(err.message).toContain('put k failed');
    expect(err.cause).toBe(cause);
  });

  it('maps a connection failure to UNAVAILABLE', () => {
    const err = toStorageError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'ping',
    );
    expect(err.code).toBe('UNAVAILABLE');
  });

  it('returns a StorageError unchanged', () => {
    const e = new StorageError('INVALID_KEY', 'x');
    expect(toStorageError(e, 'y')).toBe(e);
  });
});
