import { z } from '@verity/config';
import { timestamp } from './common.schemas';

// Manual suspension of annotators (quality service, services/quality/README.md "Suspending by
// hand"; src/annotators/annotator-suspension.controller.ts, manual-suspension.use-case.ts).
// The request bodies are quality's own zod schemas (same rules: the gateway documents, quality validates).

export const suspendRequestSchema = z
  .object({ reason: z.string().trim().min(1).max(1000).meta({ description: 'Why: recorded and sent on annotators.v1' }) });

export const reinstateRequestSchema = z
  .object({ reason: z.string().trim().min(1).max(1000).optional().meta({ description: 'Why (optional)' }) });

export const annotatorSuspensionSchema = z
  .strictObject({
    projectId: z.string(),
    annotatorId: z.string(),
    suspended: z.boolean().meta({ description: 'Suspended from new work in this project after the call' }),
    manual: z.boolean().meta({ description: 'The suspension was set by a person: the automatic rule never lifts it' }),
    changed: z
      .boolean()
      .meta({ description: 'Whether this call changed the state (false: it already was so, nothing was published)' }),
    eventId: z
      .string()
      .nullable()
      .meta({ description: 'The annotators.v1 SUSPENDED / REINSTATED event published; null when nothing changed' }),
    by: z.string().nullable().meta({ description: 'Who changed the suspension last ("quality" for the automatic rule)' }),
    reason: z.string().nullable(),
    at: timestamp.nullable(),
  })
  .meta({ id: 'AnnotatorSuspension' });
