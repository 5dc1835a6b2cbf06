import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORE } from '@verity/service-runtime';
import { ObjectRef, ObjectStore } from '@verity/storage';

/** Above this size a release file goes up in parts (putLarge). */
const SINGLE_PUT_MAX = 64 * 1024 * 1024;

/** A release file's key already exists: releases are written once and never changed. */
export class ReleaseImmutableError extends ConflictException {
  constructor(readonly key: string) {
    super({ statusCode: 409, error: 'Conflict', message: `release object ${key} already exists; a release is never overwritten` });
  }
}

/** Write-once access to release objects in S3. */
@Injectable()
export class ReleaseStore {
  constructor(@Inject(OBJECT_STORE) readonly objects: ObjectStore) {}

  get bucket(): string {
    return this.objects.bucket;
  }

  /**
   * Writes a release object unless the key exists (head, then put). The window between the two
   * is closed by release ids being fresh UUIDv7s; an S3 conditional put (If-None-Match: *)
   * would close it for any writer (see README: lib change asked for).
   */
  async putOnce(key: string, body: Buffer, contentType: string): Promise<ObjectRef> {
    if (await this.objects.head(key)) throw new ReleaseImmutableError(key);
    return body.length > SINGLE_PUT_MAX
      ? this.objects.putLarge(key, body, { contentType })
      : this.objects.put(key, body, { contentType });
  }
}
