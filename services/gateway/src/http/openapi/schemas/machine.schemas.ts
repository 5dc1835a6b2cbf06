import { z } from '@verity/config';
import { timestamp } from './common.schemas';

// Quality metrics (quality service, services/quality/README.md "HTTP";
// src/metrics/get-project-quality.use-case.ts) and machine assistance (prelabel service,
// services/prelabel/README.md; src/prelabel.controller.ts).

export const qualityQuerySchema = z.object({
  windows: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(1)
    .meta({ description: 'How many consecutive windows, the latest first' }),
  windowMs: z.coerce
    .number()
    .int()
    .min(1000)
    .max(366 * 24 * 3600 * 1000)
    .optional()
    .meta({ description: 'Window (chart bucket) length in ms; default: the service’s QUALITY_METRICS_WINDOW_MS (one day)' }),
});

const metricValue = z
  .strictObject({
    value: z.number().nullable(),
    reason: z.string().optional().meta({ description: 'Why the value is undefined' }),
  })
  .meta({ id: 'MetricValue' });

const precisionFields = {
  count: z
    .number()
    .int()
    .meta({ description: 'Audited machine answers whose final label is known' }),
  correct: z.number().int(),
  precision: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  pending: z.number().int(),
};

const interval = {
  answered: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number().nullable(),
  low: z.number().nullable().meta({ description: '95 % Wilson interval' }),
  high: z.number().nullable(),
};

export const projectQualitySchema = z
  .strictObject({
    projectId: z.string(),
    policy: z.strictObject({
      answersPerTask: z.number().int(),
      agreementThreshold: z.number(),
      posteriorThreshold: z.number(),
      reliabilityFloor: z.number(),
    }),
    windowMs: z.number().int(),
    windows: z.array(
      z.strictObject({
        from: timestamp,
        to: timestamp,
        answers: z.number().int(),
        truncated: z
          .boolean()
          .meta({ description: 'The window had more answers than QUALITY_METRICS_MAX_ANSWERS' }),
        questions: z.array(
          z.strictObject({
            questionId: z.string(),
            ontologyVersion: z.number().int(),
            tasks: z.number().int(),
            answers: z.number().int(),
            annotators: z.number().int(),
            pairwiseAgreement: metricValue,
            fleissKappa: metricValue,
            krippendorffAlpha: metricValue,
            cohenKappa: z.array(
              z.strictObject({
                annotatorA: z.string(),
                annotatorB: z.string(),
                sharedTasks: z.number().int(),
                kappa: metricValue,
              }),
            ),
          }),
        ),
      }),
    ),
    drift: z
      .array(
        z
          .strictObject({
            questionId: z.string(),
            ontologyVersion: z.number().int(),
            window: z
              .strictObject({ from: timestamp, to: timestamp })
              .meta({ description: 'The window compared with the one before it' }),
            test: z.enum(['label_distribution', 'agreement']).meta({
              description:
                'label_distribution: chi-square homogeneity of the label counts (choice questions); agreement: two-sample z-test of per-task pairwise agreement',
            }),
            alarm: z.boolean().meta({ description: 'pValue < threshold' }),
            statistic: z.number().nullable().meta({ description: 'Chi-square or z; null when the test is undefined' }),
            pValue: z.number().nullable(),
            threshold: z.number().meta({ description: 'Significance level (QUALITY_DRIFT_ALPHA)' }),
            reason: z.string().optional().meta({ description: 'Why the test is undefined' }),
          })
          .meta({ id: 'DriftAlarm' }),
      )
      .meta({ description: 'Per question and window (the latest first), two drift tests against the window before' }),
    answersPerItem: z
      .array(
        z.strictObject({
          at: timestamp.meta({ description: 'Start of the window' }),
          answers: z.number().int().meta({ description: 'Human answers on the tasks finalized in the window (honeypots excluded)' }),
          items: z.number().int().meta({ description: 'Tasks (item × question) finalized in the window' }),
          ratio: z.number().nullable().meta({ description: 'answers / items; null without a finalized task' }),
        }),
      )
      .meta({ description: 'Human answers per finalized item, per window (the latest first)' }),
    tasks: z
      .record(z.string(), z.number().int())
      .meta({ description: 'Task count per status (open, decided, adjudication)' }),
    models: z.array(
      z.strictObject({
        questionId: z.string(),
        ontologyVersion: z.number().int(),
        answersInFit: z.number().int(),
        answersSinceFit: z.number().int(),
        fits: z.number().int(),
        iterations: z.number().int().nullable(),
        converged: z.boolean().nullable(),
        fittedAt: timestamp.nullable(),
      }),
    ),
    annotators: z.array(
      z.strictObject({
        annotatorId: z.string(),
        reliability: z.number().nullable(),
        suspended: z.boolean(),
        suspension: z
          .strictObject({
            manual: z.boolean().meta({ description: 'Set by a person: the automatic rule never lifts it' }),
            by: z.string().meta({ description: 'User id, or "quality" for the automatic rule' }),
            reason: z.string(),
            at: timestamp,
          })
          .nullable()
          .meta({ description: 'The last change of the suspension; null before any was recorded' }),
        medianTimeMs: z
          .number()
          .nullable()
          .meta({ description: 'Median time spent per answer (human answers reporting one); null before any' }),
        timedAnswers: z.number().int().meta({ description: 'Answers behind medianTimeMs' }),
        honeypot: z.strictObject(interval),
        gold: z.strictObject(interval),
        agreement: z.number().nullable(),
        answersCounted: z.number().int(),
        dawidSkeneReliability: z.number().nullable(),
      }),
    ),
    machinePrecision: z.array(
      z.strictObject({
        questionId: z.string(),
        modelId: z.string(),
        ...precisionFields,
      }),
    ),
    machinePrecisionByVersion: z.array(
      z.strictObject({
        questionId: z.string(),
        modelId: z.string(),
        modelVersion: z.string().meta({ description: 'e.g. v3; versions in numeric order' }),
        ...precisionFields,
      }),
    ),
  })
  .meta({ id: 'ProjectQuality' });

export const prelabelCostsSchema = z
  .strictObject({
    projectId: z.string(),
    models: z.array(
      z.strictObject({
        purpose: z.enum(['drafts', 'labeling_functions']).meta({ description: 'What the calls were for: drafting tasks, or answering llm labeling functions' }),
        model: z.string(),
        tasks: z.number().int().meta({ description: 'Tasks drafted; for labeling functions, (item, LF version) pairs asked' }),
        calls: z.number().int(),
        promptTokens: z.number().int(),
        completionTokens: z.number().int(),
        costMicroUsd: z.number().int(),
        failures: z.number().int(),
      }),
    ),
    totalCostMicroUsd: z.number().int(),
    totalCostUsd: z.number(),
  })
  .meta({ id: 'PrelabelCosts' });

export const prelabelModelsQuerySchema = z.object({
  buckets: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .meta({ description: 'Auto-accept share: how many time buckets, the latest first' }),
  bucketMs: z.coerce
    .number()
    .int()
    .min(1000)
    .max(366 * 24 * 3600 * 1000)
    .default(24 * 3600 * 1000)
    .meta({ description: 'Bucket length in ms (default one day)' }),
});

const latencySchema = z.strictObject({
  labels: z.number().int().meta({ description: 'New labels with a known decision time' }),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
});

const vsPreviousSchema = z.strictObject({
  previousVersion: z.number().int(),
  on: z.enum(['labels_new_since_previous']).meta({
    description:
      'The labels this version added: the previous version never saw them, this one is scored on them out-of-fold',
  }),
  labels: z.number().int(),
  correct: z.number().int(),
  previousCorrect: z.number().int(),
  accuracy: z.number().nullable(),
  previousAccuracy: z.number().nullable(),
  delta: z.number().nullable().meta({ description: 'accuracy − previousAccuracy' }),
});

const calibrationMethodSchema = z
  .enum(['identity', 'platt', 'isotonic'])
  .meta({ description: 'Calibration kept: lowest cross-validated ECE among raw (identity), Platt and isotonic; raw on a tie' });

const modelVersionSchema = z
  .strictObject({
    version: z.number().int(),
    trainedAt: timestamp,
    nLabels: z.number().int(),
    heldOut: z.number().int(),
    accuracy: z.number(),
    eceRaw: z.number(),
    eceCalibrated: z.number(),
    calibrationMethod: calibrationMethodSchema.nullable(),
    epochs: z.number().int().nullable().meta({ description: 'Local model: passes over the labels; null before they were chosen, and for other backends' }),
    threshold: z.number().nullable(),
    newLabels: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Labels this version is the first to train on; null for versions before the loop report and LLM calibrations' }),
    labelLatencyMs: latencySchema
      .nullable()
      .meta({ description: 'Label decided → this version trained, over its new labels (ms)' }),
    vsPrevious: vsPreviousSchema
      .nullable()
      .meta({ description: 'Accuracy against the previous version on the same labels; null for a first version' }),
  })
  .meta({ id: 'PrelabelModelVersion' });

export const prelabelModelsSchema = z
  .strictObject({
    projectId: z.string(),
    models: z.array(
      z
        .strictObject({
          projectId: z.string(),
          questionId: z.string(),
          backend: z.enum(['local', 'llm', 'labelmodel']).meta({ description: 'local model, LLM calibration, or the label model over the labeling functions (weak supervision)' }),
          version: z.number().int(),
          modelId: z.string(),
          classes: z.array(z.string()),
          nLabels: z.number().int().meta({ description: 'Labels it was trained on' }),
          weakLabels: z
            .number()
            .int()
            .meta({ description: 'Local model: weak labels (the label model’s soft labels of items without a decided label) it also trained on; 0 otherwise' }),
          report: z.strictObject({
            heldOut: z.number().int(),
            accuracy: z.number(),
            eceRaw: z.number(),
            eceCalibrated: z.number().meta({ description: 'Cross-validated ECE of the kept calibration' }),
            calibrationMethod: calibrationMethodSchema.optional(),
            eceByMethod: z
              .strictObject({ identity: z.number(), platt: z.number().nullable(), isotonic: z.number().nullable() })
              .optional()
              .meta({ description: 'Cross-validated ECE of each calibration method (identity: the raw confidence); null where too few answers to fit' }),
            epochs: z.number().int().optional().meta({ description: 'Local model: passes over the labels, chosen by held-out log-loss' }),
            choice: z.strictObject({
              threshold: z.number().nullable(),
              precision: z.number().nullable().meta({ description: 'Precision of the held-out answers at or above the threshold, measured on the answers it was chosen on (flattering; see crossFitted)' }),
              coverage: z.number(),
              support: z.number().int(),
            }),
            crossFitted: z
              .strictObject({ precision: z.number().nullable(), coverage: z.number(), support: z.number().int() })
              .nullable()
              .optional()
              .meta({ description: 'The threshold rule picked on one half of the held-out answers and measured on the other, both ways, pooled: what it delivers on answers it was not picked on' }),
            targetPrecision: z.number().nullable(),
          }),
          threshold: z
            .number()
            .nullable()
            .meta({
              description: 'Auto-accept threshold on calibrated confidence; null: no auto-accept',
            }),
          trainedAt: timestamp,
          versions: z
            .array(modelVersionSchema)
            .meta({ description: 'Every version, newest first (at most 100)' }),
        })
        .meta({ id: 'PrelabelModel' }),
    ),
    bucketMs: z.number().int(),
    autoAccept: z
      .array(
        z
          .strictObject({
            questionId: z.string(),
            at: timestamp.meta({ description: 'Start of the bucket' }),
            routed: z.number().int().meta({ description: 'Tasks prelabel routed in the bucket (every route)' }),
            autoAccepted: z.number().int(),
            audited: z.number().int(),
            humanWithDraft: z.number().int(),
            humanWithoutDraft: z.number().int(),
            share: z.number().nullable().meta({ description: 'autoAccepted / routed; null when nothing was routed' }),
          })
          .meta({ id: 'AutoAcceptPoint' }),
      )
      .meta({ description: 'Per question and bucket (the latest first)' }),
  })
  .meta({ id: 'PrelabelModels' });

export const activeLearningSelectionSchema = z
  .strictObject({
    selected: z.number().int().meta({ description: 'Items selected for labeling now' }),
  })
  .meta({ id: 'ActiveLearningSelection' });
