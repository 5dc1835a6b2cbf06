import { z } from '@verity/config';
import { LF_KINDS } from '@verity/label-science';

const id = () => z.string().min(1).max(200);

export const lfParams = z.object({ projectId: id() });
export const lfIdParams = z.object({ projectId: id(), lfId: id() });

/**
 * An LF definition without version and owner (the server sets both). The envelope is checked
 * here; each kind's fields by label-science's validateLf (which names every faulty field).
 */
export const lfCreateBody = z.looseObject({
  // The gateway passes an id in a path only in this form (letters, digits, `_.:-`, ≤ 128).
  id: z.string().regex(/^(?!\.\.?$)[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits or _.:-, not "." or ".." (no "@": it separates id and version)'),
  question_id: id(),
  kind: z.enum(LF_KINDS),
});

/** A changed definition: as on create; `id` may be left out (the path names the LF). */
export const lfUpdateBody = lfCreateBody.extend({ id: lfCreateBody.shape.id.optional() });

export const lfAnalysisQuery = z.object({
  questionId: id().optional(),
  // Over time: the active set per bucket of item arrival, this wide (1 minute to 366 days).
  bucketMs: z.coerce.number().int().min(60_000).max(366 * 24 * 3600 * 1000).optional(),
});
