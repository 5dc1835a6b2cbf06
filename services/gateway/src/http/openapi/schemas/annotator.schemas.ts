import { z } from '@verity/config';
import { answerInputSchema, answerSchema, timestamp } from './common.schemas';

// The annotator API, served by the assignment service (services/assignment/README.md, "HTTP API"
// and "Task view"; src/leases/task-view.ts and the use cases' body schemas).

export const taskViewSchema = z
  .strictObject({
    taskId: z.string(),
    leaseId: z.string().meta({ description: 'Send it back with submit or skip' }),
    leaseExpiresAt: timestamp,
    projectId: z.string(),
    itemId: z.string(),
    question: z
      .strictObject({
        id: z.string(),
        type: z.enum([
          'single_choice',
          'multiple_choice',
          'free_text',
          'text_span',
          'time_segment',
          'box',
          'unspecified',
        ]),
        prompt: z.string(),
        options: z.array(
          z.strictObject({ id: z.string(), label: z.string(), description: z.string() }),
        ),
        required: z.boolean(),
        minSelections: z.number().int().nullable(),
        maxSelections: z.number().int().nullable(),
      })
      .meta({ id: 'TaskQuestion' }),
    guidelines: z.string(),
    content: z
      .strictObject({
        type: z.enum(['text', 'audio', 'video', 'image', 'unspecified']),
        text: z.string().nullable().meta({ description: 'The (PII-masked) text; null for media' }),
        mediaUrl: z.string().nullable().meta({
          description:
            'Where the lease holder fetches the payload: GET /v1/tasks/{taskId}/media (relative to the gateway); null without a payload',
        }),
        mediaType: z
          .string()
          .nullable()
          .meta({ description: 'The Content-Type the media is served with; null when unknown' }),
      })
      .meta({ id: 'TaskContent' }),
    ontologyVersion: z.number().int(),
    draft: answerSchema
      .nullable()
      .meta({ description: "The machine's draft answer, when the task is shown with one" }),
  })
  .meta({
    id: 'TaskView',
    description:
      'A leased task as the annotator sees it: the same keys for every task (null when empty); nothing about other annotators or checks',
  });

export const taskLeasesSchema = z
  .strictObject({
    leases: z.array(taskViewSchema).meta({ description: "The caller's live leases" }),
  })
  .meta({ id: 'TaskLeases' });

export const submitAnswerRequestSchema = z.strictObject({
  leaseId: z.string().min(1),
  answer: answerInputSchema
    .nullable()
    .optional()
    .meta({ description: 'Absent or null: no answer (only for a question that is not required)' }),
  timeSpentMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600 * 1000),
});

export const submittedAnswerSchema = z
  .strictObject({ annotationId: z.string(), taskId: z.string(), submittedAt: timestamp })
  .meta({ id: 'SubmittedAnswer' });

export const skipTaskRequestSchema = z.strictObject({
  leaseId: z.string().min(1),
  reason: z.string().trim().min(1).max(1000),
});

export const skippedTaskSchema = z
  .strictObject({ taskId: z.string(), skipped: z.literal(true) })
  .meta({ id: 'SkippedTask' });

export const goldItemRequestSchema = z.strictObject({
  itemId: z.string().min(1).optional(),
  ontologyVersion: z.number().int().positive(),
  question: z.strictObject({
    id: z.string().min(1),
    type: z.enum([
      'single_choice',
      'multiple_choice',
      'free_text',
      'text_span',
      'time_segment',
      'box',
    ]),
    prompt: z.string().min(1),
    options: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          label: z.string(),
          description: z.string().default(''),
        }),
      )
      .default([]),
    required: z.boolean().default(true),
    minSelections: z.number().int().min(0).optional(),
    maxSelections: z.number().int().positive().optional(),
  }),
  content: z
    .strictObject({
      type: z.enum(['text', 'audio', 'video', 'image']).default('text'),
      text: z.string().optional(),
      payloadRef: z
        .strictObject({
          bucket: z.string(),
          key: z.string().min(1),
          sha256: z.string(),
          sizeBytes: z.number().int().min(0),
          mediaType: z.string(),
        })
        .optional(),
    })
    .meta({ description: 'Exactly one of text or payloadRef' }),
  guidelines: z.string().default(''),
  language: z.string().optional(),
  requiredSkills: z.array(z.string().min(1)).default([]),
  expectedAnswer: answerInputSchema,
});

export const goldItemSchema = z
  .strictObject({ goldId: z.string(), itemId: z.string() })
  .meta({ id: 'GoldItem' });
