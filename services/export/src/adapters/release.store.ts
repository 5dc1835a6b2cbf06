import { PassThrough } from 'node:stream';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORE } from '@verity/service-runtime';
import { IntegrityError, ObjectRef, ObjectStore } from '@verity/storage';

/** Above this size a release file goes up in parts (putLarge). */
const SINGLE_PUT_MAX = 64 * 1024 * 1024;
/** Multipart part size of streamed release files (2 parts in flight, so ~3 parts buffered per file). */
const PART_SIZE = 8 * 1024 * 1024;

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

  /**
   * Starts writing a release object from a stream unless the key exists: multipart upload of
   * what is written to `stream`, straight to its key (ObjectStore.putLarge hashes it on the
   * way). Its sha256 is recorded in the release manifest, not in the object's metadata: a
   * staging copy to put it there doubled the release's S3 I/O (decision 69). `done` settles when
   * the stream has ended and the object is in place; a failed upload destroys the stream, so a
   * writer waiting on it fails too.
   */
  async openOnce(key: string, contentType: string): Promise<{ stream: PassThrough; done: Promise<ObjectRef> }> {
    if (await this.objects.head(key)) throw new ReleaseImmutableError(key);
    const stream = new PassThrough({ highWaterMark: PART_SIZE });
    const done = this.objects.putLarge(key, stream, { contentType, partSize: PART_SIZE, sha256RecordedIn: 'release manifest' });
    done.catch((err: Error) => stream.destroy(err));
    return { stream, done };
  }

  /** The stored object is the bytes the writer hashed (size and sha256), or an IntegrityError. */
  static expect(ref: ObjectRef, written: { sha256: string; size: number }): ObjectRef {
    if (ref.sha256 !== written.sha256 || ref.size !== written.size) {
      throw new IntegrityError(ref.key, written.sha256, ref.sha256, `stored ${ref.size} bytes, wrote ${written.size}`);
    }
    return ref;
  }
}
