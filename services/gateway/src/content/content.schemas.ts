import { z } from '@verity/config';
import { contentTypeSchema } from '../common/content-types';

const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** One piece of content as producers post it; becomes a content.v1 ContentEvent. */
export const contentSchema = z
  .strictObject({
    source: z.string().trim().min(1).max(200),
    sourceId: z.string().trim().min(1).max(512),
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
    tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    metadata: z
      .record(z.string().min(1).max(200), z.string().max(10000))
      .refine((m) => Object.keys(m).length <= 100, 'at most 100 entries')
      .default({}),
    createdAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.text === undefined) === (c.payloadRef === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'exactly one of text or payloadRef is required' });
    } else if (c.text !== undefined && c.contentType !== 'text') {
      ctx.addIssue({ code: 'custom', path: ['text'], message: `inline text is only for contentType "text"; use payloadRef for ${c.contentType}` });
    }
  });
export type ContentInput = z.output<typeof contentSchema>;
