import { ContentEvent, ContentType } from '@verity/contracts';
import { InvalidContentError } from './invalid-content.error';

export interface ContentLimits {
  /** Hard maximum of inline text, in UTF-8 bytes; above it the event is refused. */
  textMaxBytes: number;
}

/** A content event that passed validation, with its body in a form that cannot be absent. */
export type ValidContent =
  | { kind: 'text'; text: string; bytes: number }
  | { kind: 'payload'; ref: { bucket: string; key: string; sha256: string; sizeBytes: bigint; mediaType: string } };

const KNOWN_TYPES = new Set([ContentType.TEXT, ContentType.AUDIO, ContentType.VIDEO, ContentType.IMAGE]);
const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const MAX_SOURCE = 200;
const MAX_SOURCE_ID = 512;
const MAX_TAGS = 100;
const MAX_TAG = 100;

/**
 * Checks what protobuf decoding cannot: required strings present and bounded, a known content
 * type, a body that fits the type (inline text only for text content), text within the hard
 * size limit, a well-formed payload reference and language hint. Throws InvalidContentError
 * naming the first fault.
 */
export function validateContent(e: ContentEvent, limits: ContentLimits): ValidContent {
  const fail = (why: string): never => {
    throw new InvalidContentError(why);
  };
  if (!e.source.trim()) fail('source is empty');
  if (e.source.length > MAX_SOURCE) fail(`source is longer than ${MAX_SOURCE} characters`);
  if (!e.sourceId.trim()) fail('source_id is empty');
  if (e.sourceId.length > MAX_SOURCE_ID) fail(`source_id is longer than ${MAX_SOURCE_ID} characters`);
  if (e.contentType === ContentType.UNSPECIFIED) fail('content_type is not set');
  if (!KNOWN_TYPES.has(e.contentType)) fail(`unknown content_type ${e.contentType}`);
  if (e.language !== undefined && !BCP47.test(e.language)) fail(`language "${e.language.slice(0, 40)}" is not a BCP 47 tag`);
  if (e.tags.length > MAX_TAGS) fail(`more than ${MAX_TAGS} tags`);
  for (const t of e.tags) if (!t.trim() || t.length > MAX_TAG) fail(`tag "${t.slice(0, 40)}" is empty or longer than ${MAX_TAG}`);

  switch (e.body.case) {
    case 'text': {
      if (e.contentType !== ContentType.TEXT) fail(`inline text given for content_type ${ContentType[e.contentType]}; use payload_ref`);
      const text = e.body.value;
      if (!text.trim()) fail('text is empty');
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > limits.textMaxBytes) fail(`inline text is ${bytes} bytes; the limit is ${limits.textMaxBytes}`);
      return { kind: 'text', text, bytes };
    }
    case 'payloadRef': {
      const r = e.body.value;
      if (!r.key) fail('payload_ref.key is empty');
      if (!/^[0-9a-f]{64}$/.test(r.sha256)) fail('payload_ref.sha256 is not a lowercase hex SHA-256');
      if (r.sizeBytes <= 0n) fail('payload_ref.size_bytes must be positive');
      return {
        kind: 'payload',
        ref: { bucket: r.bucket, key: r.key, sha256: r.sha256, sizeBytes: r.sizeBytes, mediaType: r.mediaType },
      };
    }
    default:
      return fail('no body: neither text nor payload_ref is set');
  }
}
