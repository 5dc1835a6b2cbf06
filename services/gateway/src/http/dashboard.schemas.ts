import { z } from '@verity/config';
import { timestamp } from './openapi/schemas/common.schemas';
import { DASHBOARD_BUCKETS } from '../domain/dashboard.math';

// The dashboard's query, its two answers (what the OpenAPI document says and what the use cases
// return: the types are these schemas' outputs, so they cannot drift), and the stats answers of
// the services it composes them from (checked on arrival: a service answering something else
// makes its part unavailable, never a wrong number).

export const dashboardQuerySchema = z.object({
  bucket: z.enum(DASHBOARD_BUCKETS).default('hour').meta({ description: 'Size of each point of the series (UTC)' }),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Start (aligned down to its bucket); default: 120 minutes, 48 hours or 30 days before `to`' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'End (exclusive); default: now' }),
});

/** The sources a label is decided by (export's classification of its provenance). */
export const LABEL_SOURCES = ['human', 'expert', 'llm', 'local_model', 'weak_supervision'] as const;
/** Shown only when some label came from it. */
export const OTHER_SOURCES = ['external_model'] as const;
const MACHINE_SOURCES = ['llm', 'local_model', 'external_model'];
export const isMachineSource = (s: string) => MACHINE_SOURCES.includes(s);

const unavailableSchema = z
  .strictObject({
    part: z.enum(['assignment', 'export', 'ingestion', 'prelabel']).meta({ description: 'The service whose numbers are missing' }),
    reason: z.string().meta({ example: 'ingestion service did not answer within 10000 ms' }),
  })
  .meta({ id: 'DashboardUnavailable', description: 'A part of the answer an upstream service could not give: its numbers are null' });
export type Unavailable = z.output<typeof unavailableSchema>;

const count = z.number().int();
const range = {
  projectId: z.string(),
  generatedAt: timestamp,
  bucket: z.enum(DASHBOARD_BUCKETS),
  from: timestamp.meta({ description: 'Start of the first bucket' }),
  to: timestamp.meta({ description: 'End (exclusive)' }),
};

export const dashboardProgressSchema = z
  .strictObject({
    ...range,
    totals: z.strictObject({
      itemsIn: count.nullable().meta({ description: 'Items matched to the project (ingestion)' }),
      tasks: z
        .strictObject({ open: count, leased: count, done: count, void: count })
        .nullable()
        .meta({ description: 'Answer slots of real tasks by state (a task asking N answers has N slots; assignment)' }),
      labelsOut: count.nullable().meta({ description: 'Active label versions published on labels.v1 (export)' }),
      answers: count.nullable().meta({ description: 'Human answers to real tasks (honeypot copies left out; assignment)' }),
    }),
    queueDepth: count.nullable().meta({ description: 'Slots waiting for an annotator (open)' }),
    throughput: z.array(
      z.strictObject({
        at: timestamp.meta({ description: 'Start of the bucket' }),
        itemsIn: count.nullable(),
        answers: count.nullable(),
        labelsOut: count.nullable(),
      }),
    ),
    etaSeconds: count
      .nullable()
      .meta({ description: 'Open + leased slots ÷ the recent answer rate; 0 when none remain, null when there is no rate' }),
    rateWindowSeconds: count.meta({ description: 'How far back the answer rate looks' }),
    answersPerHour: z.number().nullable().meta({ description: 'Answers to real tasks per hour over the rate window' }),
    unavailable: z.array(unavailableSchema),
  })
  .meta({ id: 'DashboardProgress' });
export type DashboardProgress = z.output<typeof dashboardProgressSchema>;

const sourceName = z.string().meta({ description: 'human, expert, llm, local_model, weak_supervision (external_model when some label came from one)' });

export const dashboardCostSchema = z
  .strictObject({
    ...range,
    currency: z.literal('USD'),
    perSource: z
      .array(
        z.strictObject({
          source: sourceName,
          labels: count.nullable().meta({ description: 'Current labels that source decided (latest version active)' }),
          cost: z.number().nullable().meta({ description: 'What that source cost so far, in USD (null: its service did not answer)' }),
          costPerLabel: z.number().nullable().meta({ description: 'cost ÷ labels (null without labels or cost)' }),
        }),
      )
      .meta({ description: 'Human: every human answer (answers × price + measured hours × price); expert: every verdict; llm: prelabel token accounting; local and weak labels are not metered (0)' }),
    total: z.strictObject({ labels: count.nullable(), cost: z.number().nullable(), costPerLabel: z.number().nullable() }),
    inputs: z.strictObject({
      humanAnswers: count.nullable().meta({ description: 'Human answers stored, honeypot copies included' }),
      humanHours: z.number().nullable().meta({ description: 'Their measured time (time_spent_ms)' }),
      expertVerdicts: count.nullable(),
      expertHours: z.number().nullable().meta({ description: 'Expert time from claim to verdict' }),
      llmCostUsd: z.number().nullable(),
    }),
    mix: z
      .array(
        z.strictObject({
          at: timestamp.meta({ description: 'Start of the bucket' }),
          bySource: z.record(z.string(), count).meta({ description: 'Label versions published per source; `machine` = llm + local_model + external_model' }),
        }),
      )
      .nullable()
      .meta({ description: 'Mix of label sources over time (null: export did not answer)' }),
    settings: z
      .strictObject({
        humanCostPerAnswer: z.number(),
        humanCostPerHour: z.number(),
        expertCostPerVerdict: z.number(),
        expertCostPerHour: z.number(),
      })
      .meta({ description: 'The project policy’s `costs`, in USD' }),
    unavailable: z.array(unavailableSchema),
  })
  .meta({ id: 'DashboardCost' });
export type DashboardCost = z.output<typeof dashboardCostSchema>;

// ---- what the services answer (GET /v1/projects/:projectId/stats, prelabel costs) ----

const series = <T extends z.ZodRawShape>(shape: T) => z.array(z.object({ at: z.string(), ...shape }));

export const assignmentStatsSchema = z.object({
  totals: z.object({
    tasks: z.number(),
    slots: z.object({ open: z.number(), leased: z.number(), done: z.number(), void: z.number() }),
    answers: z.number(),
    honeypotAnswers: z.number(),
    answerMs: z.number(),
  }),
  series: series({ tasks: z.number(), answers: z.number(), honeypotAnswers: z.number(), answerMs: z.number() }),
  recent: z.object({ since: z.string(), seconds: z.number(), answers: z.number() }),
});
export type AssignmentStats = z.output<typeof assignmentStatsSchema>;

export const exportStatsSchema = z.object({
  totals: z.object({
    labels: z.number(),
    excluded: z.number(),
    current: z.number(),
    bySource: z.record(z.string(), z.object({ labels: z.number(), current: z.number() })),
    byMethod: z.record(z.string(), z.number()),
    expert: z.object({ verdicts: z.number(), ms: z.number() }),
  }),
  series: series({ labels: z.number(), excluded: z.number(), bySource: z.record(z.string(), z.number()), byMethod: z.record(z.string(), z.number()) }),
});
export type ExportStats = z.output<typeof exportStatsSchema>;

export const ingestionStatsSchema = z.object({
  totals: z.object({ items: z.number() }),
  series: series({ items: z.number() }),
});
export type IngestionStats = z.output<typeof ingestionStatsSchema>;

export const prelabelCostsAnswerSchema = z.object({ totalCostMicroUsd: z.number() });
