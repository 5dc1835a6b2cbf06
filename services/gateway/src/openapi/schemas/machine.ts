import { z } from '@verity/config';
import { timestamp } from './common';

// Quality metrics (quality service, services/quality/README.md "HTTP";
// src/metrics/get-project-quality.use-case.ts) and machine assistance (prelabel service,
// services/prelabel/README.md; src/prelabel.controller.ts).

export const qualityQuerySchema = z.object({
  windows: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .meta({ description: 'How many consecutive windows, the latest first' }),
});

const metricValue = z
  .strictObject({
    value: z.number().nullable(),
    reason: z.string().optional().meta({ description: 'Why the value is undefined' }),
  })
  .meta({ id: 'MetricValue' });

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
        count: z
          .number()
          .int()
          .meta({ description: 'Audited machine answers whose final label is known' }),
        correct: z.number().int(),
        precision: z.number().nullable(),
        low: z.number().nullable(),
        high: z.number().nullable(),
        pending: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ProjectQuality' });

export const prelabelCostsSchema = z
  .strictObject({
    projectId: z.string(),
    models: z.array(
      z.strictObject({
        model: z.string(),
        tasks: z.number().int(),
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

export const prelabelModelsSchema = z
  .strictObject({
    projectId: z.string(),
    models: z.array(
      z
        .strictObject({
          projectId: z.string(),
          questionId: z.string(),
          backend: z.enum(['local', 'llm']),
          version: z.number().int(),
          modelId: z.string(),
          classes: z.array(z.string()),
          nLabels: z.number().int().meta({ description: 'Labels it was trained on' }),
          report: z.strictObject({
            heldOut: z.number().int(),
            accuracy: z.number(),
            eceRaw: z.number(),
            eceCalibrated: z.number(),
            choice: z.strictObject({
              threshold: z.number().nullable(),
              precision: z.number().nullable(),
              coverage: z.number(),
              support: z.number().int(),
            }),
            targetPrecision: z.number().nullable(),
          }),
          threshold: z
            .number()
            .nullable()
            .meta({
              description: 'Auto-accept threshold on calibrated confidence; null: no auto-accept',
            }),
          trainedAt: timestamp,
        })
        .meta({ id: 'PrelabelModel' }),
    ),
  })
  .meta({ id: 'PrelabelModels' });

export const activeLearningSelectionSchema = z
  .strictObject({
    selected: z.number().int().meta({ description: 'Items selected for labeling now' }),
  })
  .meta({ id: 'ActiveLearningSelection' });
