import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { ContentEvent, ContentEventSchema, ContentType, newEnvelope, TOPICS } from '@verity/contracts';
import { isNonRetryable } from '@verity/messaging';
import { validateContent } from './content-validation.rule';

const limits = { textMaxBytes: 100 };
const ev = (init: MessageInitShape<typeof ContentEventSchema> = {}): ContentEvent =>
  create(ContentEventSchema, {
    envelope: newEnvelope({ producer: 't', projectId: '', spec: TOPICS.content }),
    source: 's',
    sourceId: 'id-1',
    contentType: ContentType.TEXT,
    body: { case: 'text', value: 'hello' },
    ...init,
  });
const sha = 'a'.repeat(64);

describe('validateContent', () => {
  it('accepts inline text and payload references', () => {
    expect(validateContent(ev(), limits)).toEqual({ kind: 'text', text: 'hello', bytes: 5 });
    const r = validateContent(
      ev({ contentType: ContentType.IMAGE, body: { case: 'payloadRef', value: { key: 'k', sha256: sha, sizeBytes: 3n } } }),
      limits,
    );
    expect(r.kind).toBe('payload');
  });

  it.each([
    [{ source: ' ' }, /source is empty/],
    [{ sourceId: '' }, /source_id is empty/],
    [{ contentType: ContentType.UNSPECIFIED }, /content_type is not set/],
    [{ contentType: 42 as ContentType }, /unknown content_type 42/],
    [{ body: { case: undefined } }, /no body/],
    [{ body: { case: 'text', value: '   ' } }, /text is empty/],
    [{ body: { case: 'text', value: 'é'.repeat(51) } }, /inline text is 102 bytes; the limit is 100/],
    [{ contentType: ContentType.AUDIO }, /inline text given for content_type AUDIO/],
    [{ language: 'english please' }, /not a BCP 47 tag/],
    [{ tags: [''] }, /tag "" is empty/],
    [{ contentType: ContentType.IMAGE, body: { case: 'payloadRef', value: { key: 'k', sha256: 'x', sizeBytes: 3n } } }, /sha256/],
    [{ contentType: ContentType.IMAGE, body: { case: 'payloadRef', value: { key: '', sha256: sha, sizeBytes: 3n } } }, /key is empty/],
    [{ contentType: ContentType.IMAGE, body: { case: 'payloadRef', value: { key: 'k', sha256: sha, sizeBytes: 0n } } }, /size_bytes/],
  ] as const)('refuses %j', (init, why) => {
    let err: unknown;
    try {
      validateContent(ev(init as never), limits);
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(why);
    expect((err as Error).name).toBe('InvalidContentError');
    expect(isNonRetryable(err)).toBe(true);
  });
});
