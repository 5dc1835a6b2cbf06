import { z } from '@verity/config';
import type { FieldError } from '@verity/service-runtime';
import { CONTENT_TYPE_NAMES } from '../../../domain/content-types.rule';
import { type Equals, typeCheck } from './type-check.schemas';

/** An instant as the API writes it: ISO 8601 in UTC (`Date.toISOString()`). */
export const timestamp = z
  .string()
  .meta({ format: 'date-time', example: '2025-06-01T12:00:00.000Z' });

export const contentTypeName = z.enum(CONTENT_TYPE_NAMES).meta({ id: 'ContentType' });

export const fieldErrorSchema = z
  .strictObject({
    field: z
      .string()
      .meta({
        description: 'Dotted path of the faulty field, `(root)` or `(body)`',
        example: 'policy.honeypotRate',
      }),
    reason: z.string().meta({ example: 'must be in [0, 1]' }),
  })
  .meta({ id: 'FieldError' });
typeCheck<Equals<z.output<typeof fieldErrorSchema>, FieldError>>(true);

/**
 * The platform's error body, for every 4xx and 5xx of the gateway and of the services behind it.
 * Some errors add fields (e.g. a batch's `accepted`/`rejected`, a release's `ontologyVersions`).
 */
export const errorSchema = z
  .looseObject({
    statusCode: z.number().int().meta({ example: 400 }),
    error: z.string().meta({ description: 'The HTTP reason phrase', example: 'Bad Request' }),
    message: z
      .string()
      .meta({
        example: 'invalid request body: name: Too small: expected string to have >=1 characters',
      }),
    errors: z
      .array(fieldErrorSchema)
      .optional()
      .meta({ description: 'Every faulty field (400 from validation)' }),
  })
  .meta({ id: 'Error' });

// Answers: the JSON form of verity.common.v1.Answer (exactly one of the five kinds).

const ms = z
  .union([z.number().int().min(0), z.string().regex(/^\d+$/)])
  .meta({ description: 'Milliseconds: a number, or a decimal string (protobuf JSON of a uint64)' });

/** An answer as a client sends it (submit, gold items): assignment's `answerJson`. */
export const answerInputSchema = z
  .strictObject({
    choice: z.strictObject({ optionIds: z.array(z.string()) }).optional(),
    freeText: z.strictObject({ text: z.string() }).optional(),
    textSpans: z
      .strictObject({
        spans: z.array(
          z.strictObject({
            start: z.number().int().min(0),
            end: z.number().int().min(0),
            optionId: z.string().min(1),
            text: z.string().optional(),
          }),
        ),
      })
      .optional(),
    timeSegments: z
      .strictObject({
        segments: z.array(z.strictObject({ startMs: ms, endMs: ms, optionId: z.string().min(1) })),
      })
      .optional(),
    boxes: z
      .strictObject({
        boxes: z.array(
          z.strictObject({
            x: z.number(),
            y: z.number(),
            width: z.number(),
            height: z.number(),
            optionId: z.string().min(1),
            frameMs: ms.optional(),
          }),
        ),
      })
      .optional(),
  })
  .meta({
    id: 'AnswerInput',
    description:
      'Exactly one of choice, freeText, textSpans, timeSegments, boxes (protobuf JSON of verity.common.v1.Answer)',
  });

/**
 * An answer as the API shows it (drafts, answers under adjudication, expected answers): the
 * protobuf JSON mapping, which leaves out fields at their default (0, "", empty lists) and
 * writes 64-bit integers as strings.
 */
export const answerSchema = z
  .strictObject({
    choice: z.strictObject({ optionIds: z.array(z.string()).optional() }).optional(),
    freeText: z.strictObject({ text: z.string().optional() }).optional(),
    textSpans: z
      .strictObject({
        spans: z
          .array(
            z.strictObject({
              start: z.number().int().optional(),
              end: z.number().int().optional(),
              optionId: z.string().optional(),
              text: z.string().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    timeSegments: z
      .strictObject({
        segments: z
          .array(
            z.strictObject({
              startMs: z.string().optional(),
              endMs: z.string().optional(),
              optionId: z.string().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
    boxes: z
      .strictObject({
        boxes: z
          .array(
            z.strictObject({
              x: z.number().optional(),
              y: z.number().optional(),
              width: z.number().optional(),
              height: z.number().optional(),
              optionId: z.string().optional(),
              frameMs: z.string().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
  })
  .meta({
    id: 'Answer',
    description:
      'protobuf JSON of verity.common.v1.Answer: at most one kind is set; default values are left out',
  });
