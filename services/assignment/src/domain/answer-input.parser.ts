import { create } from '@bufbuild/protobuf';
import { z } from '@verity/config';
import { AnswerSchema, type Answer } from '@verity/contracts';

/**
 * The JSON form of an answer on the annotator API: the protobuf JSON mapping of
 * `verity.common.v1.Answer` (exactly one of choice / freeText / textSpans / timeSegments /
 * boxes), with 64-bit millisecond fields accepted as numbers or decimal strings.
 */
const ms = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'must be a non-negative integer')]).transform(BigInt);
const optionId = z.string().min(1, 'must be a non-empty option id');

export const answerJson = z
  .object({
    choice: z.object({ optionIds: z.array(z.string()) }).strict().optional(),
    freeText: z.object({ text: z.string() }).strict().optional(),
    textSpans: z
      .object({
        spans: z.array(
          z
            .object({
              start: z.number().int().nonnegative(),
              end: z.number().int().nonnegative(),
              optionId,
              text: z.string().optional(),
            })
            .strict(),
        ),
      })
      .strict()
      .optional(),
    timeSegments: z
      .object({ segments: z.array(z.object({ startMs: ms, endMs: ms, optionId }).strict()) })
      .strict()
      .optional(),
    boxes: z
      .object({
        boxes: z.array(
          z
            .object({
              x: z.number(),
              y: z.number(),
              width: z.number(),
              height: z.number(),
              optionId,
              frameMs: ms.optional(),
            })
            .strict(),
        ),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((a) => Object.values(a).filter((v) => v !== undefined).length <= 1, {
    message: 'give exactly one of choice, freeText, textSpans, timeSegments, boxes',
  });

export type AnswerJson = z.output<typeof answerJson>;

/** The protobuf Answer of a parsed JSON answer; null/absent gives an empty Answer (no value). */
export function toAnswer(a: AnswerJson | null | undefined): Answer {
  if (!a) return create(AnswerSchema, {});
  if (a.choice) return create(AnswerSchema, { value: { case: 'choice', value: { optionIds: a.choice.optionIds } } });
  if (a.freeText) return create(AnswerSchema, { value: { case: 'freeText', value: { text: a.freeText.text } } });
  if (a.textSpans)
    return create(AnswerSchema, {
      value: { case: 'textSpans', value: { spans: a.textSpans.spans.map((s) => ({ ...s, text: s.text ?? '' })) } },
    });
  if (a.timeSegments)
    return create(AnswerSchema, { value: { case: 'timeSegments', value: { segments: a.timeSegments.segments } } });
  if (a.boxes) return create(AnswerSchema, { value: { case: 'boxes', value: { boxes: a.boxes.boxes } } });
  return create(AnswerSchema, {});
}
