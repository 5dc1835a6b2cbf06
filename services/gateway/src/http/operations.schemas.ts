import { z } from '@verity/config';
import { parseDeadLetterId } from '@verity/messaging';
import { timestamp } from './openapi/schemas/common.schemas';
import { type Equals, typeCheck } from './openapi/schemas/type-check.schemas';
import type { DeadLetterPage, DeadLetterTopicSummary, GroupLag, RedriveResult } from '../domain/operations.types';

/** Most records one page of a DLQ can have. */
export const DLQ_PAGE_MAX = 200;
/** Most ids one redrive call may name. */
export const REDRIVE_IDS_MAX = 1000;

// Requests.

export const deadLetterPageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(DLQ_PAGE_MAX)
    .default(50)
    .meta({ description: `Records per page (1..${DLQ_PAGE_MAX})` }),
  after: z.string().max(2000).optional().meta({ description: 'The previous page’s nextCursor' }),
});

const deadLetterIdSchema = z
  .string()
  .refine((v) => parseDeadLetterId(v) !== undefined, { message: 'must be <partition>:<offset>, e.g. 0:17' })
  .meta({ description: 'A dead letter’s id, `<partition>:<offset>` in the DLQ topic', example: '0:17' });

export const redriveRequestSchema = z
  .strictObject({
    ids: z.array(deadLetterIdSchema).min(1).max(REDRIVE_IDS_MAX).optional(),
    all: z.literal(true).optional().meta({ description: 'Every dead letter of the topic not redriven yet' }),
  })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), {
    message: 'give either ids or all: true (one of them)',
  })
  .meta({ description: 'Either `ids` or `all: true`' });
export type RedriveRequest = z.output<typeof redriveRequestSchema>;

// Responses.

const reasonCountSchema = z
  .strictObject({ reason: z.string(), count: z.number().int() })
  .meta({ id: 'DeadLetterReasonCount' });

export const deadLetterTopicSchema = z
  .strictObject({
    topic: z.string().meta({ example: 'content.v1' }),
    dlqTopic: z.string().meta({ example: 'content.v1.dlq' }),
    count: z.number().int().meta({ description: 'Records in the DLQ topic now (end − start offsets)' }),
    newestAt: timestamp.nullable().meta({ description: 'When the newest was dead-lettered; null when empty' }),
    reasons: z
      .array(reasonCountSchema)
      .meta({ description: 'The five most frequent reasons (`<error class>: <message>`), most frequent first' }),
    reasonsSampled: z
      .number()
      .int()
      .meta({ description: 'How many of the newest records the reasons were counted over (up to 200 per partition)' }),
  })
  .meta({ id: 'DeadLetterTopic' });
typeCheck<Equals<z.output<typeof deadLetterTopicSchema>, DeadLetterTopicSummary>>(true);

export const deadLetterTopicsSchema = z
  .strictObject({ topics: z.array(deadLetterTopicSchema) })
  .meta({ id: 'DeadLetterTopics', description: 'Every contract topic, in the order of TOPICS' });
typeCheck<Equals<z.output<typeof deadLetterTopicsSchema>, { topics: DeadLetterTopicSummary[] }>>(true);

export const deadLetterSchema = z
  .strictObject({
    id: z.string().meta({ description: '`<partition>:<offset>` in the DLQ topic', example: '2:41' }),
    partition: z.number().int(),
    offset: z.number().int(),
    at: timestamp.meta({ description: 'When it was dead-lettered' }),
    key: z.string().nullable().meta({ description: 'The original record key' }),
    reason: z.string().meta({ description: '`<error class>: <message>`' }),
    origin: z
      .strictObject({
        topic: z.string(),
        partition: z.number().int().nullable(),
        offset: z.number().int().nullable(),
        consumerGroup: z.string().optional().meta({ description: 'The group that gave up on it' }),
      })
      .meta({ id: 'DeadLetterOrigin', description: 'The record it is a copy of' }),
    projectId: z.string().optional().meta({ description: 'The event envelope’s project, when the payload can be read and names one' }),
    payload: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({
        description:
          'The original event (protobuf JSON); null when it is encrypted, the topic is sensitive, or it does not decode',
      }),
    encrypted: z.boolean().meta({ description: 'Stored encrypted (sensitive topics): never decrypted for display' }),
    redriven: z
      .strictObject({ at: timestamp, by: z.string().meta({ description: '`user:<id>` or `api_key:<id>`' }) })
      .nullable()
      .meta({ description: 'When and by whom it was redriven; null when it was not' }),
  })
  .meta({ id: 'DeadLetter' });

export const deadLetterPageSchema = z
  .strictObject({
    records: z.array(deadLetterSchema).meta({ description: 'Newest first' }),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `after` for older records; null on the last page' }),
  })
  .meta({ id: 'DeadLetterPage' });
typeCheck<Equals<z.output<typeof deadLetterPageSchema>, DeadLetterPage>>(true);

export const redriveResultSchema = z
  .strictObject({
    redriven: z.number().int().meta({ description: 'Records published again to the original topic' }),
    skipped: z
      .array(z.strictObject({ id: z.string(), reason: z.string() }))
      .meta({ description: 'Records not redriven, and why (already redriven, not found, cannot be decrypted…)' }),
    remaining: z
      .number()
      .int()
      .meta({ description: 'With `all`: records not examined because one call redrives at most 10 000 (call again); else 0' }),
  })
  .meta({ id: 'RedriveResult' });
typeCheck<Equals<z.output<typeof redriveResultSchema>, RedriveResult>>(true);

const partitionLagSchema = z
  .strictObject({
    partition: z.number().int(),
    committed: z.number().int().nullable().meta({ description: 'The group’s committed offset; null before its first commit' }),
    end: z.number().int().meta({ description: 'The partition’s end offset' }),
    lag: z.number().int(),
  })
  .meta({ id: 'PartitionLag' });

export const consumerLagSchema = z
  .strictObject({
    groups: z.array(
      z
        .strictObject({
          group: z.string().meta({ example: 'quality.feedback' }),
          service: z.string().meta({ example: 'quality' }),
          topics: z.array(
            z
              .strictObject({ topic: z.string(), partitions: z.array(partitionLagSchema), lag: z.number().int() })
              .meta({ id: 'TopicLag' }),
          ),
          lag: z.number().int(),
        })
        .meta({ id: 'GroupLag' }),
    ),
  })
  .meta({ id: 'ConsumerLag' });
typeCheck<Equals<z.output<typeof consumerLagSchema>, { groups: GroupLag[] }>>(true);
