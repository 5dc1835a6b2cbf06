import { ConfigOf, setting, z } from '@verity/config';
import { platformSettings } from '@verity/service-runtime';

const unit = () => z.coerce.number().min(0).max(1);

/** Settings of the quality service beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP, JWT_SECRET). */
export const qualitySettings = {
  /** Redundancy N when neither the annotation nor the project policy gives one. */
  QUALITY_DEFAULT_ANSWERS_PER_TASK: setting.positiveInt().max(50).default(3),
  /** Refit a question's Dawid-Skene model after this many new human answers (honeypots included). */
  QUALITY_DS_REFIT_EVERY: setting.positiveInt().default(50),
  /**
   * …or after this share of the answers in the last fit, when that is more: refits thin out as a
   * question grows (a 50,000-answer fit is refitted every 5,000 answers at 0.1). 0: a fixed
   * interval.
   */
  QUALITY_DS_REFIT_GROWTH: z.coerce.number().min(0).max(10).default(0.1),
  /**
   * Dawid-Skene needs data: below this many answers in a question's fit, EM is not identifiable
   * (a few unanimous items drift to a near-uniform posterior), so tasks use majority vote and
   * annotators keep the prior as their DS estimate.
   */
  QUALITY_DS_MIN_ANSWERS: setting.positiveInt().default(30),
  /** Refit when the fit in hand is older than this when a task is scored, in ms. */
  QUALITY_DS_REFIT_MAX_AGE_MS: setting.positiveInt().default(10 * 60 * 1000),
  /** A fit uses the latest this-many human answers of the question. */
  QUALITY_DS_MAX_ANSWERS: setting.positiveInt().default(50000),
  /** DS pseudo-count per confusion cell: shrinks annotators with few answers towards uniform. */
  QUALITY_DS_SMOOTHING: z.coerce.number().min(0).max(10).default(0.1),
  /** DS pseudo-count per class in the priors: no class collapses to prior 0 and dies in later warm starts. */
  QUALITY_DS_PRIOR_SMOOTHING: z.coerce.number().min(0).max(100).default(1),
  /**
   * DS pseudo-count on each confusion row's diagonal: a prior, worth that many answers, that an
   * annotator tends to give the true class, so that the fits of a young project (a few answers per
   * annotator) do not trust chance agreement (decision 86).
   */
  QUALITY_DS_DIAGONAL_PRIOR: z.coerce.number().min(0).max(100).default(2),
  /** DS EM iteration cap per refit (warm starts converge in a few). */
  QUALITY_DS_MAX_ITER: setting.positiveInt().max(1000).default(50),
  /** Reliability of an annotator with no DS estimate yet. */
  QUALITY_RELIABILITY_PRIOR: unit().default(0.7),
  /** Known-truth answers (honeypots + gold) at which known truth and DS weigh equally. */
  QUALITY_KNOWN_TRUTH_HALF_WEIGHT: z.coerce.number().positive().default(5),
  /**
   * Honeypots answered before anyone can be suspended (or have answers set aside for failing
   * them). 8, not 5: with Dawid-Skene weighing in (half weight 5), an annotator right 75 % of the
   * time falls under a 0.6 floor by bad luck with probability 0.10 after 5 honeypots and 0.03
   * after 8, while a random spammer is still caught 86 % of the time at 8 (decision 58).
   */
  QUALITY_MIN_HONEYPOTS: setting.positiveInt().default(8),
  /**
   * The posterior probability that an annotator's accuracy is below the project's floor (honeypots
   * and Dawid-Skene, a Beta posterior) at which the rule suspends them (decision 83). 0.8: over 40
   * honeypots, an annotator right 75 % of the time is suspended in about 2 % of projects under a
   * 0.6 floor (18 % when the estimate alone decided), a random spammer on two classes in 75–87 %.
   */
  QUALITY_SUSPENSION_CONFIDENCE: z.coerce.number().min(0.5).lt(1).default(0.8),
  /** A reliability change at least this large is published on annotators.v1. */
  QUALITY_RELIABILITY_PUBLISH_DELTA: unit().default(0.02),
  /** A suspension is lifted only at reliability_floor + this. */
  QUALITY_REINSTATE_MARGIN: unit().default(0.02),
  /** Machine disagreement alone sends a task to adjudication (else it is only noted as a reason). */
  QUALITY_ROUTE_MACHINE_DISAGREEMENT: setting.bool().default(true),
  /** annotations.v1 partitions one instance handles concurrently (work is serialized per project). */
  QUALITY_CONCURRENCY: setting.positiveInt().max(12).default(3),
  /** Most annotations.v1 records handled in one transaction (a Kafka batch is split into chunks this size). */
  QUALITY_BATCH_MAX_RECORDS: setting.positiveInt().max(5000).default(500),
  /** Length of a metrics window for GET /v1/projects/:id/quality, in ms. */
  QUALITY_METRICS_WINDOW_MS: setting.positiveInt().default(24 * 3600 * 1000),
  /** Significance level of the drift tests (label distribution, agreement) between consecutive metrics windows. */
  QUALITY_DRIFT_ALPHA: z.coerce.number().gt(0).lt(1).default(0.05),
  /** Most answers one metrics window reads (the latest ones). */
  QUALITY_METRICS_MAX_ANSWERS: setting.positiveInt().default(100000),
  /** Cohen's kappa is reported for annotator pairs sharing at least this many tasks. */
  QUALITY_COHEN_MIN_OVERLAP: setting.positiveInt().default(1),
  /** At most this many annotator pairs (the most-shared) get a Cohen's kappa. */
  QUALITY_COHEN_MAX_PAIRS: setting.positiveInt().default(50),
};

export const qualityConfigShape = { ...platformSettings, ...qualitySettings };
export type QualityConfig = ConfigOf<typeof qualityConfigShape>;
export type QualitySettings = ConfigOf<typeof qualitySettings>;

/** Injection token of the quality service's validated configuration. */
export const QUALITY_CONFIG = Symbol('QUALITY_CONFIG');
