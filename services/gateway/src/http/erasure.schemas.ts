import { z } from '@verity/config';
import { timestamp } from './openapi/schemas/common.schemas';

/** POST …/erasures: one item by id, or every item of the project made from one upstream id. */
export const erasureRequestSchema = z
  .strictObject({
    itemId: z.string().trim().min(1).max(200).optional(),
    source: z.string().trim().min(1).max(200).optional(),
    sourceId: z.string().trim().min(1).max(512).optional(),
  })
  .superRefine((b, ctx) => {
    const byItem = b.itemId !== undefined;
    const bySource = b.source !== undefined || b.sourceId !== undefined;
    if (byItem && bySource) ctx.addIssue({ code: 'custom', path: ['itemId'], message: 'give itemId or source and sourceId, not both' });
    else if (!byItem && !bySource) ctx.addIssue({ code: 'custom', path: ['itemId'], message: 'itemId, or source and sourceId, is required' });
    else if (!byItem && b.source === undefined) ctx.addIssue({ code: 'custom', path: ['source'], message: 'is required with sourceId' });
    else if (!byItem && b.sourceId === undefined) ctx.addIssue({ code: 'custom', path: ['sourceId'], message: 'is required with source' });
  })
  .meta({ id: 'ErasureRequest' });
export type ErasureInput = z.output<typeof erasureRequestSchema>;

/** GET …/erasures query. */
export const erasureListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ERASURE_STATUSES = ['pending', 'not_found', 'in_progress', 'completed'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];

export const erasureSchema = z
  .strictObject({
    erasureId: z.string(),
    projectId: z.string(),
    itemId: z.string().nullable(),
    source: z.string().nullable(),
    sourceId: z.string().nullable(),
    requestedBy: z.string().meta({ description: 'Subject id of the person (or key) who asked' }),
    requestedByKind: z.enum(['user', 'api_key']),
    requestedAt: timestamp,
    status: z.enum(ERASURE_STATUSES).meta({
      description:
        'pending: not resolved yet; not_found: no item of the project matched; in_progress: resolved, not every service has erased its copies; completed: every service has',
    }),
    itemIds: z.array(z.string()).nullable().meta({ description: 'The items it resolved to; null while pending' }),
    resolvedAt: timestamp.nullable(),
    services: z
      .array(z.strictObject({ service: z.string(), itemsDone: z.number().int(), rows: z.number().int(), lastAppliedAt: timestamp.nullable() }))
      .meta({ description: 'Per service holding copies: items it has erased its copies of, and the rows it erased or blanked' }),
  })
  .meta({ id: 'Erasure' });
export type ErasureView = z.output<typeof erasureSchema>;

export const erasureListSchema = z
  .strictObject({ erasures: z.array(erasureSchema).meta({ description: 'Newest first' }) })
  .meta({ id: 'ErasureList' });

export const erasureAcceptedSchema = z.strictObject({ erasureId: z.string(), status: z.literal('pending') }).meta({ id: 'ErasureAccepted' });
