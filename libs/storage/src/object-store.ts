import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCopyCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { HashingTransform } from './hashing.transform';
import { assertValidKey, contentAddressedKey, sha256FromKey } from './object-key';
import type { ByteRange } from './byte-range';
import type {
  LargeBody,
  ListEntry,
  ListOptions,
  ObjectHead,
  ObjectRef,
  ObjectStream,
  PutLargeOptions,
  PutOptions,
  StoredObject,
} from './object-store.types';
import { assertSettings, createS3Client } from './s3-client.factory';
import { isNotFound, toStorageError } from './s3-error.mapper';
import { md5Base64, sha256Hex } from './sha256';
import type { StorageSettings } from './storage-settings';
import { IntegrityError, ObjectNotFoundError, StorageError } from './storage.errors';

/** User-metadata key (x-amz-meta-sha256) holding the hex sha256 of the object's bytes. */
export const SHA256_METADATA_KEY = 'sha256';
/** S3's minimum multipart part size (every part but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** The largest object S3 copies in one CopyObject request, and the largest copy part. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 * 1024 * 1024;
/** Part size of a multipart copy: short requests, 10 parts per 5 GiB. */
const COPY_PART_SIZE = 512 * 1024 * 1024;
/** S3's limit on the parts of one multipart upload. */
const MAX_PARTS = 10_000;
/** Where putLarge stages a stream until its sha256 is known. */
const STAGING_PREFIX = '.verity-staging/';

export interface ObjectStoreDeps {
  /** An S3 client to use instead of building one (tests); the store does not destroy it. */
  client?: S3Client;
}

export interface GetOptions {
  /** Accept an object that has no recorded sha256 (written by another tool). Default false. */
  allowUnrecorded?: boolean;
  /**
   * The sha256 the caller recorded for the object (e.g. in a release manifest): the bytes must
   * match it, and the object's own recorded sha256 too when it has one.
   */
  expectedSha256?: string;
}

/** User-metadata key naming where the sha256 of an object written without it is recorded. */
export const SHA256_RECORDED_IN_METADATA_KEY = 'sha256-recorded-in';

/**
 * Verity's one S3 wrapper. Every object it writes carries the sha256 of its bytes in its
 * metadata; every read is verified against it (IntegrityError on mismatch).
 */
export class ObjectStore {
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly region: string;

  constructor(settings: StorageSettings, deps: ObjectStoreDeps = {}) {
    assertSettings(settings);
    this.bucket = settings.bucket;
    this.region = settings.region;
    this.client = deps.client ?? createS3Client(settings);
    this.ownsClient = deps.client === undefined;
  }

  /** Creates the bucket when it does not exist (call at start-up). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (err) {
      if (!isNotFound(err)) throw toStorageError(err, `head bucket ${this.bucket}`);
    }
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          CreateBucketConfiguration:
            this.region === 'us-east-1'
              ? undefined
              : { LocationConstraint: this.region as BucketLocationConstraint },
        }),
      );
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return; // a racing replica won
      throw toStorageError(err, `create bucket ${this.bucket}`);
    }
  }

  /** Readiness probe: the bucket answers. Throws a StorageError otherwise. */
  async ping(): Promise<{ latencyMs: number }> {
    const started = performance.now();
    await this.call(`ping bucket ${this.bucket}`, () =>
      this.client.send(new HeadBucketCommand({ Bucket: this.bucket })),
    );
    return { latencyMs: Math.round(performance.now() - started) };
  }

  /**
   * Writes the object in one request. The sha256 goes into its metadata; Content-MD5 makes the
   * server reject a body damaged on the way (BadDigest → StorageError code INTEGRITY).
   */
  async put(key: string, body: Buffer | string, opts: PutOptions = {}): Promise<ObjectRef> {
    assertValidKey(key);
    const buf = toBuffer(body);
    return this.putBuffer(key, buf, sha256Hex(buf), opts);
  }

  /**
   * Writes the bytes under `<prefix>/sha256/<hex>`. Idempotent: when an object with that key and
   * the same recorded sha256 and size exists, nothing is written and the same ref is returned.
   */
  async putContentAddressed(
    prefix: string,
    body: Buffer | string,
    opts: PutOptions = {},
  ): Promise<ObjectRef> {
    const buf = toBuffer(body);
    const sha256 = sha256Hex(buf);
    const key = contentAddressedKey(prefix, sha256);
    const existing = await this.head(key);
    if (existing && existing.sha256 === sha256 && existing.size === buf.length) {
      return { key, sha256, size: existing.size, etag: existing.etag };
    }
    return this.putBuffer(key, buf, sha256, opts);
  }

  /** Reads the whole object and verifies its sha256 (IntegrityError on mismatch). */
  async get(key: string, opts: GetOptions = {}): Promise<StoredObject> {
    assertValidKey(key);
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(key, { cause: err });
      throw toStorageError(err, `get ${key}`);
    }
    if (!out.Body) throw new StorageError('S3_ERROR', `get ${key} returned no body`);
    const body = Buffer.from(
      await this.call(`read ${key}`, () => out.Body!.transformToByteArray()),
    );
    const actual = sha256Hex(body);
    const { [SHA256_METADATA_KEY]: recorded, ...metadata } = out.Metadata ?? {};
    if (opts.expectedSha256 !== undefined && opts.expectedSha256 !== actual) {
      throw new IntegrityError(key, opts.expectedSha256, actual, 'sha256 the caller recorded');
    }
    const unrecordedOk = opts.allowUnrecorded || opts.expectedSha256 !== undefined;
    if (recorded !== undefined ? recorded !== actual : !unrecordedOk) {
      throw new IntegrityError(key, recorded ?? null, actual);
    }
    const named = sha256FromKey(key);
    if (named !== null && named !== actual)
      throw new IntegrityError(key, named, actual, 'content-addressed key');
    if (out.ContentLength !== undefined && out.ContentLength !== body.length) {
      throw new IntegrityError(
        key,
        recorded ?? null,
        actual,
        `read ${body.length} of ${out.ContentLength} bytes`,
      );
    }
    return { body, sha256: actual, metadata, contentType: out.ContentType };
  }

  /**
   * Opens the object (or the inclusive byte `range` of it) as a stream, without buffering it:
   * for serving media. Returns the body stream, the bytes it will carry (`contentLength`), the
   * `contentRange` (`bytes a-b/total`, null for the whole object) and the object's `totalSize`.
   * Nothing is hashed (a range cannot be): callers compare the recorded `sha256` with the one
   * they expect. The caller must consume or destroy `body` (it holds an HTTP connection).
   * ObjectNotFoundError when missing; StorageError code INVALID_ARGUMENT for a bad or
   * unsatisfiable range (see parseRange to resolve a Range header first).
   */
  async getRange(key: string, range?: ByteRange | null): Promise<ObjectStream> {
    assertValidKey(key);
    if (
      range &&
      !(
        Number.isSafeInteger(range.start) &&
        Number.isSafeInteger(range.end) &&
        range.start >= 0 &&
        range.end >= range.start
      )
    ) {
      throw new StorageError('INVALID_ARGUMENT', `invalid byte range ${range.start}-${range.end}`);
    }
    let out;
    try {
      out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(key, { cause: err });
      if (
        (err as { name?: string }).name === 'InvalidRange' ||
        (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416
      ) {
        throw new StorageError(
          'INVALID_ARGUMENT',
          `range ${range?.start}-${range?.end} of ${key} is not satisfiable`,
          { cause: err },
        );
      }
      throw toStorageError(err, `get ${key}`);
    }
    if (!out.Body) throw new StorageError('S3_ERROR', `get ${key} returned no body`);
    const body =
      out.Body instanceof Readable
        ? out.Body
        : Readable.fromWeb(out.Body.transformToWebStream() as never);
    const contentLength = out.ContentLength ?? 0;
    // `bytes a-b/total` when a range was served; some servers answer a range covering the whole
    // object with 200 and no Content-Range, which is the same bytes.
    const served = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(out.ContentRange ?? '');
    let totalSize = contentLength;
    let contentRange: string | null = null;
    if (range) {
      if (served) {
        totalSize = Number(served[3]);
        if (
          Number(served[1]) !== range.start ||
          Number(served[2]) !== Math.min(range.end, totalSize - 1)
        ) {
          body.destroy();
          throw new StorageError(
            'S3_ERROR',
            `get ${key}: asked bytes ${range.start}-${range.end}, got ${out.ContentRange}`,
          );
        }
        contentRange = out.ContentRange!;
      } else if (range.start === 0 && range.end >= contentLength - 1) {
        contentRange = `bytes 0-${contentLength - 1}/${contentLength}`;
      } else {
        body.destroy();
        throw new StorageError(
          'S3_ERROR',
          `get ${key}: asked bytes ${range.start}-${range.end}, the server sent no Content-Range`,
        );
      }
    }
    const { [SHA256_METADATA_KEY]: recorded, ...metadata } = out.Metadata ?? {};
    return {
      key,
      body,
      contentLength,
      contentRange,
      totalSize,
      sha256: recorded ?? null,
      etag: stripQuotes(out.ETag),
      metadata,
      contentType: out.ContentType,
      lastModified: out.LastModified,
    };
  }

  /** The object's size, etag, recorded sha256 and metadata; null when it does not exist. */
  async head(key: string): Promise<ObjectHead | null> {
    assertValidKey(key);
    let out;
    try {
      out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toStorageError(err, `head ${key}`);
    }
    const { [SHA256_METADATA_KEY]: recorded, ...metadata } = out.Metadata ?? {};
    return {
      key,
      size: out.ContentLength ?? 0,
      etag: stripQuotes(out.ETag),
      sha256: recorded ?? null,
      metadata,
      contentType: out.ContentType,
      lastModified: out.LastModified,
    };
  }

  /** Deletes the object; deleting one that does not exist succeeds (S3 semantics), so it is idempotent. */
  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.call(`delete ${key}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  /**
   * Every object under the prefix, in key order, following pagination. Keys ending in '/' are
   * skipped: S3Proxy's filesystem backend lists every intermediate directory as such a
   * "directory marker", and the store never writes one (assertValidKey refuses them).
   */
  async *list(prefix: string, opts: ListOptions = {}): AsyncGenerator<ListEntry> {
    let token: string | undefined;
    do {
      const page = await this.call(`list ${prefix}`, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            MaxKeys: opts.pageSize,
            ContinuationToken: token,
          }),
        ),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined && !o.Key.endsWith('/')) yield { key: o.Key, size: o.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** {@link list} collected into an array. */
  async listAll(prefix: string, opts: ListOptions = {}): Promise<ListEntry[]> {
    const all: ListEntry[] = [];
    for await (const entry of this.list(prefix, opts)) all.push(entry);
    return all;
  }

  /**
   * Multipart upload (part size ≥ 5 MiB) for large bodies, hashing while streaming. A Buffer is
   * hashed first and uploaded with its sha256. A stream's sha256 is known only at its end, so it
   * is staged under `.verity-staging/` and then copied to `key` with the sha256 in its metadata:
   * `key` never exists without its checksum. Above 5 GiB (`maxSingleCopyBytes`) the copy is a
   * multipart copy, server-side either way. With `sha256RecordedIn` a stream goes straight to
   * `key` (half the S3 I/O; any size S3 takes, up to 10,000 parts) and the caller records the
   * sha256 returned.
   */
  async putLarge(key: string, body: LargeBody, opts: PutLargeOptions = {}): Promise<ObjectRef> {
    assertValidKey(key);
    const partSize = opts.partSize ?? DEFAULT_PART_SIZE;
    if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
      throw new StorageError(
        'INVALID_ARGUMENT',
        `partSize must be an integer ≥ ${MIN_PART_SIZE} bytes (got ${partSize})`,
      );
    }
    if (Buffer.isBuffer(body)) {
      const sha256 = sha256Hex(body);
      const etag = await this.upload(key, body, partSize, opts, withSha256(opts.metadata, sha256));
      await this.verifyStored(key, sha256, body.length);
      return { key, sha256, size: body.length, etag };
    }
    if (!(body instanceof Readable))
      throw new StorageError('INVALID_ARGUMENT', 'putLarge body must be a Buffer or a Readable');
    const hasher = new HashingTransform();
    pipeline(body, hasher, () => undefined); // an error of the source destroys hasher, which fails the upload
    if (opts.sha256RecordedIn !== undefined) {
      const metadata = { ...opts.metadata, [SHA256_RECORDED_IN_METADATA_KEY]: opts.sha256RecordedIn };
      const etag = await this.upload(key, hasher, partSize, opts, metadata);
      const head = await this.head(key);
      if (!head || head.size !== hasher.byteCount) {
        throw new StorageError('INTEGRITY', `${key}: stored ${head?.size ?? 'no'} bytes right after writing ${hasher.byteCount}`);
      }
      return { key, sha256: hasher.sha256, size: hasher.byteCount, etag };
    }
    const staging = `${STAGING_PREFIX}${randomUUID()}`;
    try {
      await this.upload(staging, hasher, partSize, opts, opts.metadata);
      const sha256 = hasher.sha256;
      const size = hasher.byteCount;
      const metadata = withSha256(opts.metadata, sha256);
      const maxSingle = opts.maxSingleCopyBytes ?? MAX_SINGLE_COPY_BYTES;
      const etag =
        size > maxSingle
          ? await this.multipartCopy(staging, key, size, Math.max(MIN_PART_SIZE, Math.min(maxSingle, COPY_PART_SIZE)), opts.contentType, metadata)
          : await this.copy(staging, key, opts.contentType, metadata);
      await this.verifyStored(key, sha256, size);
      return { key, sha256, size, etag };
    } finally {
      await this.client
        .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: staging }))
        .catch(() => undefined);
    }
  }

  private async copy(from: string, to: string, contentType: string | undefined, metadata: Record<string, string>): Promise<string> {
    const copied = await this.call(`copy ${from} to ${to}`, () =>
      this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: to,
          CopySource: `${this.bucket}/${from}`,
          MetadataDirective: 'REPLACE',
          Metadata: metadata,
          ContentType: contentType,
        }),
      ),
    );
    return stripQuotes(copied.CopyObjectResult?.ETag);
  }

  /** A server-side copy in parts of `partSize` (grown to keep within 10,000 parts), one at a time. */
  private async multipartCopy(
    from: string,
    to: string,
    size: number,
    partSize: number,
    contentType: string | undefined,
    metadata: Record<string, string>,
  ): Promise<string> {
    const part = Math.max(partSize, Math.ceil(size / MAX_PARTS));
    const created = await this.call(`start multipart copy to ${to}`, () =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to, ContentType: contentType, Metadata: metadata })),
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new StorageError('UNAVAILABLE', `multipart copy to ${to}: the server returned no upload id`);
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let start = 0, n = 1; start < size; start += part, n++) {
        const end = Math.min(start + part, size) - 1;
        const out = await this.call(`copy part ${n} of ${from} to ${to}`, () =>
          this.client.send(
            new UploadPartCopyCommand({
              Bucket: this.bucket,
              Key: to,
              UploadId: uploadId,
              PartNumber: n,
              CopySource: `${this.bucket}/${from}`,
              CopySourceRange: `bytes=${start}-${end}`,
            }),
          ),
        );
        parts.push({ ETag: out.CopyPartResult?.ETag ?? '', PartNumber: n });
      }
      const done = await this.call(`complete multipart copy to ${to}`, () =>
        this.client.send(
          new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
        ),
      );
      return stripQuotes(done.ETag);
    } catch (err) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId: uploadId })).catch(() => undefined);
      throw err;
    }
  }

  /** Closes the HTTP connections of a client the store built itself. */
  destroy(): void {
    if (this.ownsClient) this.client.destroy();
  }

  private async putBuffer(
    key: string,
    buf: Buffer,
    sha256: string,
    opts: PutOptions,
  ): Promise<ObjectRef> {
    const out = await this.call(`put ${key}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: buf,
          ContentLength: buf.length,
          ContentMD5: md5Base64(buf),
          ContentType: opts.contentType,
          Metadata: withSha256(opts.metadata, sha256),
        }),
      ),
    );
    return { key, sha256, size: buf.length, etag: stripQuotes(out.ETag) };
  }

  private async upload(
    key: string,
    body: Buffer | Readable,
    partSize: number,
    opts: PutLargeOptions,
    metadata: Record<string, string> | undefined,
  ): Promise<string> {
    const upload = new Upload({
      client: this.client,
      partSize,
      queueSize: opts.queueSize ?? 2,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: opts.contentType,
        Metadata: metadata,
      },
    });
    const out = await this.call(`multipart upload ${key}`, () => upload.done());
    return stripQuotes((out as { ETag?: string }).ETag);
  }

  /** After a multipart write: the stored object has the expected size and recorded sha256. */
  private async verifyStored(key: string, sha256: string, size: number): Promise<void> {
    const head = await this.head(key);
    if (!head) throw new StorageError('INTEGRITY', `${key} missing right after upload`);
    if (head.size !== size || head.sha256 !== sha256) {
      throw new IntegrityError(
        key,
        sha256,
        head.sha256 ?? '(none)',
        `stored ${head.size} bytes, wrote ${size}`,
      );
    }
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toStorageError(err, action);
    }
  }
}

function toBuffer(body: Buffer | string): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  throw new StorageError('INVALID_ARGUMENT', 'body must be a Buffer or a string');
}

function withSha256(
  metadata: Record<string, string> | undefined,
  sha256: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (k.toLowerCase() !== SHA256_METADATA_KEY) out[k.toLowerCase()] = v;
  }
  out[SHA256_METADATA_KEY] = sha256;
  return out;
}

function stripQuotes(etag: string | undefined): string {
  return (etag ?? '').replace(/^"|"$/g, '');
}
