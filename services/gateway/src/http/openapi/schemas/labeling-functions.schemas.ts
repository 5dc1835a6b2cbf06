import { z } from '@verity/config';
import { timestamp } from './common.schemas';

// Labeling functions (prelabel service, services/prelabel/README.md "Labeling functions";
// src/http/labeling-functions.controller.ts and .schemas.ts; the kinds in label-science's
// weak-supervision/labeling-function.ts). Prelabel validates each kind's fields (400 naming them).

const text = () => z.string().min(1).max(200);
const votes = { votes: text().meta({ description: 'The option it votes when it fires' }) };

/** Each kind's own fields (beside id, question_id and kind). */
const KIND_FIELDS = {
  keywords: {
    ...votes,
    keywords: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: 'Case-insensitive, whole words; a phrase matches across any whitespace' }),
  },
  regex: {
    ...votes,
    pattern: z.string().min(1).meta({ description: 'A JavaScript regular expression, tested anywhere in the text; one prone to catastrophic backtracking is refused' }),
    flags: z.string().optional().meta({ description: 'Among `imsu`' }),
  },
  length: {
    ...votes,
    unit: z.enum(['chars', 'words']),
    min: z.number().int().min(0).optional().meta({ description: 'Inclusive; left out: no lower bound' }),
    max: z.number().int().min(0).optional().meta({ description: 'Inclusive; left out: no upper bound' }),
  },
  model: {
    ...votes,
    model: text(),
    min_confidence: z.number().min(0).max(1),
  },
  llm: {
    prompt: z.string().min(1).meta({ description: 'A template containing `{{text}}`' }),
    mapping: z
      .record(z.string(), text())
      .meta({ description: 'Answer (trimmed, case-insensitive) → option; an unmapped answer abstains' }),
  },
  feedback: {
    ...votes,
    signal: text().meta({ description: 'The production feedback signal, e.g. reported_spam' }),
  },
} as const;

type Kind = keyof typeof KIND_FIELDS;
const KINDS = Object.keys(KIND_FIELDS) as Kind[];

/** One strict object per kind, `kind` the discriminator, with `common` fields added to each. */
function byKind<S extends z.ZodRawShape>(common: S) {
  const variants = KINDS.map((kind) => z.strictObject({ kind: z.literal(kind), question_id: text(), ...common, ...KIND_FIELDS[kind] }));
  return z.discriminatedUnion('kind', variants as unknown as [(typeof variants)[number], ...(typeof variants)[number][]]);
}

const lfId = z
  .string()
  .regex(/^(?!\.\.?$)[A-Za-z0-9_.:-]{1,128}$/)
  .meta({ description: 'The LF’s id in the project: letters, digits, `_.:-` (no `@`: `id@version` names one version)' });

export const labelingFunctionCreateSchema = byKind({ id: lfId }).meta({
  id: 'LabelingFunctionDefinition',
  description: 'An LF definition; the server sets version and owner (the caller)',
});

export const labelingFunctionUpdateSchema = byKind({ id: lfId.optional().meta({ description: 'The path’s id, or left out' }) }).meta({
  id: 'LabelingFunctionChange',
  description: 'A changed definition: the next version (an unchanged one creates none)',
});

const stored = {
  id: z.string(),
  version: z.number().int().meta({ description: 'A changed definition is a new version; old votes stay attributable' }),
  owner: z.string().meta({ description: 'Who saved this version' }),
  votesAutomatically: z
    .boolean()
    .meta({ description: 'Prelabel runs it on arriving tasks itself (every kind but llm; model LFs read the local model, feedback LFs the production feedback); llm LFs are stored only' }),
};

export const savedLabelingFunctionSchema = byKind({
  ...stored,
  created: z.boolean().meta({ description: 'False when a PUT changed nothing (no new version)' }),
  checkedAgainst: z
    .enum(['ontology', 'task_snapshot', 'unchecked'])
    .meta({ description: 'What the question and options were checked against: the project’s ontology copy, else a task of the question, else nothing' }),
  backfill: z
    .strictObject({
      items: z.number().int().meta({ description: 'Items of the question (with text) it ran on' }),
      votes: z.number().int().meta({ description: 'Votes stored' }),
      failures: z.array(z.string()).meta({ description: 'Chunks it could not run on (a regex over its time budget): their items got no vote' }),
    })
    .nullable()
    .meta({ description: 'The new version’s run over the tasks held; null when nothing ran' }),
}).meta({ id: 'SavedLabelingFunction' });

export const labelingFunctionListSchema = z
  .strictObject({
    projectId: z.string(),
    labelingFunctions: z.array(
      byKind({
        ...stored,
        createdAt: timestamp,
        retiredAt: timestamp.nullable().meta({ description: 'Retired: it no longer votes' }),
        versions: z.number().int().meta({ description: 'How many versions it has' }),
      }).meta({ id: 'LabelingFunction', description: 'The latest version of an LF' }),
    ),
  })
  .meta({ id: 'LabelingFunctions' });

export const labelingFunctionRetiredSchema = z
  .strictObject({
    projectId: z.string(),
    id: z.string(),
    retiredVersions: z.number().int().meta({ description: 'Versions that were active' }),
    alreadyRetired: z.boolean(),
  })
  .meta({ id: 'LabelingFunctionRetired' });

export const labelingFunctionAnalysisQuerySchema = z.object({
  questionId: z.string().min(1).max(200).optional().meta({ description: 'One question; default: every question with LFs or votes' }),
  bucketMs: z
    .number()
    .int()
    .min(60_000)
    .max(366 * 24 * 3600 * 1000)
    .optional()
    .meta({ description: 'Over time: the active set per bucket of item arrival, this wide (ms); default: no buckets' }),
});

const share = (what: string) => z.number().meta({ description: `Share of the items ${what}` });

const accuracy = z
  .discriminatedUnion('defined', [
    z.strictObject({
      defined: z.literal(true),
      value: z.strictObject({
        estimate: z.number(),
        low: z.number().meta({ description: '95 % Wilson interval' }),
        high: z.number(),
        successes: z.number().int(),
        trials: z.number().int().meta({ description: 'Items with a decided label it voted on' }),
      }),
    }),
    z.strictObject({ defined: z.literal(false), reason: z.string() }),
  ])
  .meta({ id: 'LfAccuracy', description: 'Its votes that equal the decided label; undefined without any' });

const lfTotals = z.strictObject({
  items: z.number().int().meta({ description: 'Items of the question with text (what the LFs can vote on)' }),
  lfs: z.number().int(),
  votes: z.number().int(),
  coverage: share('with a vote'),
  overlap: share('with two LFs voting'),
  conflict: share('with two different labels'),
  goldItems: z.number().int().meta({ description: 'Items with a decided label' }),
});

export const labelingFunctionAnalysisSchema = z
  .strictObject({
    projectId: z.string(),
    questions: z.array(
      z.strictObject({
        questionId: z.string(),
        lfs: z
          .array(
            z
              .strictObject({
                lf: z.string().meta({ description: '`id@version`' }),
                id: z.string(),
                version: z.number().int().nullable(),
                votes: z.number().int().meta({ description: 'Items it voted on' }),
                coverage: share('it voted on'),
                overlap: share('where it and another active LF voted'),
                conflict: share('where another active LF voted a different label'),
                polarity: z.array(z.string()).meta({ description: 'The labels it votes, sorted' }),
                accuracy,
                latest: z.boolean().meta({ description: 'The LF’s latest version' }),
                retired: z.boolean(),
              })
              .meta({ id: 'LfVersionStats' }),
          )
          .meta({ description: 'Every version with votes, and every latest version' }),
        totals: lfTotals.meta({ description: 'The active set: the latest version of each LF not retired' }),
        overTime: z
          .array(
            z
              .strictObject({
                start: timestamp.meta({ description: 'Start of the bucket of item arrival' }),
                totals: lfTotals,
                lfs: z.array(z.strictObject({ lf: z.string(), votes: z.number().int(), coverage: share('of the bucket it voted on'), accuracy })),
              })
              .meta({ id: 'LfBucket' }),
          )
          .optional()
          .meta({ description: 'With `bucketMs`: the active set per bucket, oldest first (buckets without an item left out)' }),
        labelModel: z
          .strictObject({
            version: z.number().int(),
            trainedAt: timestamp,
            lfs: z.array(z.string()).meta({ description: 'LF versions it was fitted on (`id@version`)' }),
            current: z.boolean().meta({ description: 'Fitted on exactly the active LF versions (else not used until refitted)' }),
            classBalance: z.record(z.string(), z.number()).meta({ description: 'Estimated P(option)' }),
            threshold: z.number().nullable().meta({ description: 'On calibrated confidence, for the target precision; null: weak labels are never auto-accepted' }),
            targetPrecision: z.number().nullable(),
            calibrationPairs: z.number().int().meta({ description: 'Labeled items behind the calibration and threshold' }),
            weakLabels: z.number().int().meta({ description: 'Items held with a weak label (some fitted LF voted)' }),
            coverage: share('with a weak label'),
            aboveThreshold: z.number().int().meta({ description: 'Weak labels that clear the threshold' }),
            accuracy: accuracy.meta({ description: 'Weak labels equal to the decided label (95 % Wilson interval)' }),
          })
          .nullable()
          .meta({ id: 'LabelModelSummary', description: 'The label model over the LF votes (weak supervision); null before its first fit' }),
      }),
    ),
  })
  .meta({ id: 'LabelingFunctionAnalysis' });
