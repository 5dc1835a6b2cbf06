import { z } from '@verity/config';
import { answerSchema, timestamp } from './common.schemas';

// The expert API, served by the adjudication service (services/adjudication/README.md, "Expert
// API"; src/expert/request-view.ts and the use cases).

const requestState = z.enum(['open', 'escalated', 'decided']).meta({ id: 'AdjudicationState' });

export const adjudicationListQuerySchema = z.object({
  state: requestState
    .default('open')
    .meta({ description: '`escalated` is for project managers only' }),
});

export const adjudicationNextQuerySchema = z.object({
  queue: z
    .enum(['open', 'escalated'])
    .optional()
    .meta({
      description: 'Default: `open` for experts, `escalated` for managers who are not experts',
    }),
});

const entryFields = {
  requestId: z.string(),
  itemId: z.string(),
  taskId: z.string(),
  questionId: z.string(),
  ontologyVersion: z.number().int(),
  state: requestState,
  reasons: z
    .array(z.string())
    .meta({ description: 'Why it needs an expert, e.g. `LOW_AGREEMENT`' }),
  priority: z.number(),
  detail: z.string(),
  requestedAt: timestamp,
  claimedBy: z.string().nullable().meta({ description: 'Who holds a live claim; null when none' }),
  leaseExpiresAt: timestamp.nullable(),
  escalation: z
    .strictObject({
      by: z.string().nullable(),
      at: timestamp.nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  decidedAt: timestamp.nullable(),
};

export const adjudicationEntrySchema = z
  .strictObject(entryFields)
  .meta({ id: 'AdjudicationEntry' });

export const adjudicationQueueSchema = z
  .strictObject({
    projectId: z.string(),
    state: requestState,
    requests: z.array(adjudicationEntrySchema),
  })
  .meta({ id: 'AdjudicationQueue' });

const answerView = z
  .strictObject({
    annotationId: z.string(),
    annotatorId: z.string(),
    source: z.string().meta({ description: 'AnswerSource name: HUMAN, MACHINE, EXPERT…' }),
    label: z
      .string()
      .nullable()
      .meta({
        description: 'The answer as one key (option ids joined by commas); null when empty',
      }),
    answer: answerSchema.nullable(),
    reliability: z.number().nullable(),
    weight: z.number().nullable(),
    submittedAt: timestamp.nullable(),
    timeSpentMs: z.number(),
    draftShown: z.boolean(),
    model: z
      .strictObject({
        modelId: z.string(),
        promptVersion: z.string(),
        confidence: z.number().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'AdjudicationAnswer' });

const protoQuestion = z
  .looseObject({
    questionId: z.string().optional(),
    kind: z.string().meta({ description: 'QuestionKind name, e.g. SINGLE_CHOICE' }),
    prompt: z.string().optional(),
    options: z
      .array(
        z.looseObject({
          optionId: z.string().optional(),
          label: z.string().optional(),
          description: z.string().optional(),
        }),
      )
      .optional(),
    required: z.boolean().optional(),
    minSelections: z.number().int().optional(),
    maxSelections: z.number().int().optional(),
  })
  .meta({
    id: 'AdjudicationQuestion',
    description:
      'protobuf JSON of verity.common.v1.Question (defaults left out), with `kind` as its name',
  });

const protoGuidelines = z
  .looseObject({
    text: z.string().optional(),
    examples: z
      .array(
        z.looseObject({
          content: z.string().optional(),
          questionId: z.string().optional(),
          answer: answerSchema.optional(),
          explanation: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({
    id: 'AdjudicationGuidelines',
    description: 'protobuf JSON of verity.common.v1.Guidelines of the request’s ontology version',
  });

export const adjudicationRequestSchema = z
  .strictObject({
    ...entryFields,
    content: z
      .strictObject({
        contentType: z.string().nullable().meta({ description: 'ContentType name, e.g. TEXT' }),
        maskedText: z.string().nullable(),
        mediaUrl: z
          .string()
          .nullable()
          .meta({
            description:
              'GET /v1/adjudications/{requestId}/media (relative to the gateway); null without a payload',
          }),
        mediaType: z
          .string()
          .nullable()
          .meta({ description: 'The Content-Type the media is served with; null when unknown' }),
        reference: z
          .looseObject({})
          .nullable()
          .meta({
            description:
              'protobuf JSON of the ContentReference (source, sourceId, contentSha256…), without its storage location',
          }),
        source: z
          .enum(['request', 'items.v1'])
          .nullable()
          .meta({ description: 'Where the content came from' }),
      })
      .meta({ id: 'AdjudicationContent' }),
    question: protoQuestion.nullable(),
    guidelines: protoGuidelines
      .nullable()
      .meta({ description: 'null when that ontology version was never seen' }),
    answers: z.array(answerView),
    majority: z.string().nullable(),
    machineDraft: answerView.nullable(),
    proposedLabel: z.string().nullable(),
    posterior: z
      .record(z.string(), z.number())
      .meta({ description: 'Aggregated posterior per label' }),
    agreement: z
      .strictObject({ pairwise: z.number().nullable(), answerCount: z.number().int() })
      .nullable(),
    aggregation: z
      .looseObject({
        method: z.string().nullable(),
        parameters: z.record(z.string(), z.string()).optional(),
      })
      .nullable(),
    thresholds: z.strictObject({ agreement: z.number(), posterior: z.number() }),
    expectedAnswer: answerSchema.nullable().meta({ description: 'Known answer (honeypots)' }),
    verdict: z
      .strictObject({
        decisionId: z.string(),
        adjudicatorId: z.string(),
        tier: z.enum(['expert', 'project_manager']),
        label: z.string(),
        answer: answerSchema,
        confidence: z.number(),
        note: z.string(),
        goldCandidate: z.boolean(),
        overrodeMajority: z.boolean(),
        decidedAt: timestamp,
        gold: z
          .strictObject({
            confirmedBy: z.string().nullable(),
            confirmedAt: timestamp.nullable(),
            decisionId: z.string().nullable(),
          })
          .nullable(),
      })
      .nullable()
      .meta({ description: 'Once decided' }),
  })
  .meta({ id: 'AdjudicationRequest', description: 'Everything an adjudicator needs to decide' });

export const verdictRequestSchema = z.object({
  label: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Single choice: the option id' }),
  labels: z
    .array(z.string().min(1).max(200))
    .max(100)
    .optional()
    .meta({ description: 'Multiple choice: the option ids' }),
  confidence: z.number().min(0).max(1),
  note: z
    .string()
    .max(4000)
    .optional()
    .meta({ description: 'Required when the verdict overrides the majority' }),
  goldCandidate: z.boolean().optional(),
});

export const verdictSchema = z
  .strictObject({
    requestId: z.string(),
    state: z.literal('decided'),
    decisionId: z.string(),
    tier: z.enum(['expert', 'project_manager']),
    label: z.string(),
    confidence: z.number(),
    goldCandidate: z.boolean(),
    gold: z.literal(false),
    overrodeMajority: z
      .string()
      .nullable()
      .meta({ description: 'The majority answer the verdict overrode; null when it agreed' }),
    annotatorObservations: z
      .number()
      .int()
      .meta({ description: 'Answers judged against the verdict (annotators.v1 events)' }),
  })
  .meta({ id: 'Verdict' });

export const escalateRequestSchema = z.object({ note: z.string().trim().min(1).max(4000) });

export const escalationSchema = z
  .strictObject({
    requestId: z.string(),
    state: z.literal('escalated'),
    escalatedBy: z.string(),
    note: z.string(),
  })
  .meta({ id: 'Escalation' });

export const goldConfirmationSchema = z
  .strictObject({
    requestId: z.string(),
    decisionId: z.string(),
    supersedesDecisionId: z.string(),
    gold: z.literal(true),
    confirmedBy: z.string(),
  })
  .meta({ id: 'GoldConfirmation' });
