import { identifier, z } from '@verity/config';

/** Most prelabels in one request (the gateway sends chunks of at most this many). */
export const MAX_IMPORTED_PRELABELS = 1000;

export const importedPrelabelsParams = z.object({ projectId: identifier(200) });

/** One imported prediction: a draft for a question of the content with these source ids. */
export const importedPrelabelSchema = z.strictObject({
  source: identifier(200),
  sourceId: identifier(512),
  questionId: identifier(200),
  optionIds: z
    .array(identifier(100))
    .min(1)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an option'),
  score: z.number().min(0).max(1).optional(),
  modelVersion: identifier(200),
});

/** POST /v1/projects/:projectId/imported-prelabels (internal: the gateway's Label Studio import). */
export const importedPrelabelsBody = z.strictObject({
  prelabels: z.array(importedPrelabelSchema).min(1).max(MAX_IMPORTED_PRELABELS),
});
export type ImportedPrelabelsBody = z.output<typeof importedPrelabelsBody>;
