import { identifier, z } from '@verity/config';
import { assertValidKey } from '@verity/storage';
import { contentTypeSchema } from '../domain/content-types.rule';

/** Why a payload key is unusable ('..' segments, a leading '/', NUL…), as the object store would refuse it; null when fine. */
function keyProblem(key: string): string | null {
  try {
    assertValidKey(key);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** One piece of content as producers post it; becomes a content.v1 ContentEvent. */
export const contentSchema = z
  .strictObject({
    source: identifier(200),
    sourceId: identifier(512),
    contentType: contentTypeSchema,
    text: z.string().min(1).optional(),
    payloadRef: z
      .strictObject({
        bucket: z.string().max(63).default(''),
        key: z.string().min(1).max(1024),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256'),
        size: z.number().int().positive(),
        mediaType: z.string().max(200).default(''),
      })
      .optional(),
    language: z.string().regex(BCP47, 'must be a BCP 47 language tag, e.g. "en"').optional(),
    tags: z.array(identifier(100)).max(100).default([]),
    metadata: z
      .record(z.string().min(1).max(200), z.string().max(10000))
      .refine((m) => Object.keys(m).length <= 100, 'at most 100 entries')
      .default({}),
    createdAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((c, ctx) => {
    const badKey = c.payloadRef ? keyProblem(c.payloadRef.key) : null;
    if (badKey) ctx.addIssue({ code: 'custom', path: ['payloadRef', 'key'], message: badKey });
    if ((c.text === undefined) === (c.payloadRef === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'exactly one of text or payloadRef is required',
      });
    } else if (c.text !== undefined && c.contentType !== 'text') {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `inline text is only for contentType "text"; use payloadRef for ${c.contentType}`,
      });
    }
  });
export type ContentInput = z.output<typeof contentSchema>;
