import type { ServerResponse } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { contentRange, parseRange, type ByteRange } from './byte-range';
import { servedMediaType } from './media-type';
import { sha256FromKey } from './object-key';
import { type ObjectStore, SHA256_RECORDED_IN_METADATA_KEY } from './object-store';
import { IntegrityError } from './storage.errors';

/** A payload as events refer to it (ObjectRef): only what serving it needs. */
export interface MediaSource {
  /** Empty or the store's own bucket; any other bucket is not served (null). */
  bucket?: string | null;
  key: string;
  /** The sha256 the reference promises; the stored object's recorded sha256 must equal it. */
  sha256?: string | null;
  /** The stored media type (made safe by servedMediaType). */
  mediaType?: string | null;
}

/** The request headers that shape the answer. */
export interface MediaRequest {
  range?: string | null;
  ifRange?: string | null;
}

/** A framework-free HTTP answer: write status and headers, then pipe `body` (null: no body). */
export interface MediaResponse {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  body: Readable | null;
}

/** Headers of every media answer: inert, private, never cached, never sniffed. */
export const MEDIA_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'private, no-store',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Opens a stored payload for an HTTP answer, streaming (never buffered), with byte ranges:
 * `Range` → 206 with Content-Range and Content-Length; none (or several ranges, or a malformed
 * one) → 200 with Accept-Ranges: bytes; unsatisfiable → 416 with `Content-Range: bytes *\/size`.
 * `If-Range` is honoured when it equals the ETag (the quoted sha256, else S3's etag); otherwise
 * the whole object is sent. Content-Type by servedMediaType (script-capable types become
 * application/octet-stream with Content-Disposition: attachment), plus MEDIA_SECURITY_HEADERS.
 *
 * Returns null when there is nothing to serve (no such object, or another bucket). Throws
 * IntegrityError when the stored object's recorded sha256 (or its content-addressed key)
 * differs from the reference's: the bytes are not the ones the task was made from. Access
 * control is the caller's: call this only after deciding the caller may see the payload.
 */
export async function openMedia(
  store: ObjectStore,
  src: MediaSource,
  req: MediaRequest = {},
): Promise<MediaResponse | null> {
  if (src.bucket && src.bucket !== store.bucket) return null;
  if (!src.key) return null;
  const head = await store.head(src.key);
  if (!head) return null;
  const expected = src.sha256 || null;
  if (expected) {
    if (head.sha256 !== null && head.sha256 !== expected) {
      throw new IntegrityError(
        src.key,
        expected,
        head.sha256,
        'recorded sha256 of the stored object',
      );
    }
    const named = sha256FromKey(src.key);
    if (named !== null && named !== expected) {
      throw new IntegrityError(src.key, expected, named, 'content-addressed key');
    }
  }
  // An object written without its sha256 in its metadata but recorded by its writer elsewhere
  // (a release data file: in the manifest) is tagged by that record, which the caller passes.
  const recordedElsewhere = expected !== null && head.metadata[SHA256_RECORDED_IN_METADATA_KEY] !== undefined;
  const etag = `"${head.sha256 ?? (recordedElsewhere ? expected : head.etag)}"`;
  const type = servedMediaType(src.mediaType || head.contentType);
  const headers: Record<string, string> = {
    'Content-Type': type.contentType,
    'Accept-Ranges': 'bytes',
    ETag: etag,
    ...MEDIA_SECURITY_HEADERS,
  };
  if (type.attachment) headers['Content-Disposition'] = 'attachment';

  const rangeHeader = req.range && (!req.ifRange || req.ifRange.trim() === etag) ? req.range : null;
  const wanted = parseRange(rangeHeader, head.size);
  if (wanted.kind === 'unsatisfiable') {
    return {
      status: 416,
      headers: {
        ...headers,
        'Content-Range': contentRange(null, head.size),
        'Content-Length': '0',
      },
      body: null,
    };
  }
  const range: ByteRange | null = wanted.kind === 'partial' ? wanted : null;
  const opened = await store.getRange(src.key, range);
  if (opened.totalSize !== head.size) {
    opened.body.destroy();
    throw new IntegrityError(
      src.key,
      expected,
      opened.sha256 ?? '(none)',
      'the object changed while opening it',
    );
  }
  headers['Content-Length'] = String(opened.contentLength);
  if (range) headers['Content-Range'] = contentRange(range, head.size);
  return { status: range ? 206 : 200, headers, body: opened.body };
}

/**
 * Writes a media answer to a Node HTTP response (Express's is one): status, headers, then the
 * body piped (backpressure respected; a client that goes away destroys the S3 stream, freeing
 * its connection). Resolves when the answer is finished or abandoned.
 */
export function writeMedia(res: ServerResponse, media: MediaResponse): Promise<void> {
  res.statusCode = media.status;
  for (const [name, value] of Object.entries(media.headers)) res.setHeader(name, value);
  if (!media.body) {
    res.end();
    return Promise.resolve();
  }
  const body = media.body;
  return new Promise((resolve) => {
    // An error here (S3 failed mid-stream, client closed) can no longer change the status:
    // pipeline destroys both ends, so the client sees a cut response, never a wrong one.
    pipeline(body, res, () => resolve());
  });
}
