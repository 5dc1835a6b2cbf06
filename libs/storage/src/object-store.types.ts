import type { Readable } from 'node:stream';

/** What a write returns: enough to reference the object from an event or a manifest. */
export interface ObjectRef {
  key: string;
  /** Lower-case hex sha256 of the object's bytes. */
  sha256: string;
  size: number;
  etag: string;
}

export interface PutOptions {
  contentType?: string;
  /** User metadata (x-amz-meta-*). Keys are lower-cased by S3; `sha256` is reserved. */
  metadata?: Record<string, string>;
}

export interface PutLargeOptions extends PutOptions {
  /** Multipart part size in bytes; at least 5 MiB (the S3 minimum). Default 8 MiB. */
  partSize?: number;
  /** Parts uploaded concurrently. Default 2. */
  queueSize?: number;
  /**
   * A staged stream larger than this is moved into place by a multipart copy (UploadPartCopy)
   * rather than one CopyObject, which S3 refuses above 5 GiB. Default 5 GiB; tests set it small
   * to take the multipart path with megabytes.
   */
  maxSingleCopyBytes?: number;
  /**
   * Where the caller records the sha256 of a streamed body (e.g. `release manifest`). When set,
   * the stream is written straight to `key`, with no staging copy: its sha256 is known only at
   * the end, too late for the object's metadata, so the object carries
   * `sha256-recorded-in: <this>` instead and the caller must record the returned sha256 there
   * (read it back with `get(key, { expectedSha256 })`). Unset: staged, then copied into place
   * with its sha256 in its metadata.
   */
  sha256RecordedIn?: string;
}

export interface StoredObject {
  body: Buffer;
  /** Verified sha256 of `body`. */
  sha256: string;
  metadata: Record<string, string>;
  contentType?: string;
}

export interface ObjectHead {
  key: string;
  size: number;
  etag: string;
  /** The sha256 recorded at write time, or null when the object was not written by ObjectStore. */
  sha256: string | null;
  metadata: Record<string, string>;
  contentType?: string;
  lastModified?: Date;
}

/** An object, or a byte range of it, opened as a stream (ObjectStore.getRange). */
export interface ObjectStream {
  key: string;
  /** The bytes; consume or destroy it. Not hashed on the way. */
  body: Readable;
  /** Bytes `body` carries. */
  contentLength: number;
  /** `bytes a-b/total` when a range was asked for; null for the whole object. */
  contentRange: string | null;
  /** Size of the whole object. */
  totalSize: number;
  /** The sha256 recorded at write time (null when not written by ObjectStore). */
  sha256: string | null;
  etag: string;
  metadata: Record<string, string>;
  contentType?: string;
  lastModified?: Date;
}

export interface ListEntry {
  key: string;
  size: number;
}

export interface ListOptions {
  /** Keys requested per ListObjectsV2 page (S3 caps it at 1000). */
  pageSize?: number;
}

export type LargeBody = Readable | Buffer;
