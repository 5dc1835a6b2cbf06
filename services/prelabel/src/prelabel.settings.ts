import { ConfigOf, setting, z } from '@verity/config';
import { platformSettings } from '@verity/service-runtime';

const usd = () => z.coerce.number().min(0);
const unit = () => z.coerce.number().min(0).max(1);

/** Settings of the prelabel service beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP, JWT_SECRET). */
export const prelabelSettings = {
  /** OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server), e.g. http://host:8000/v1. Unset: local model only. */
  LLM_BASE_URL: setting.url(['http', 'https']).optional(),
  /** Model name sent to the endpoint (required with LLM_BASE_URL). */
  LLM_MODEL: z.string().min(1).optional(),
  /** API key for the endpoint; optional (local servers often need none). */
  LLM_API_KEY: z.string().optional(),
  /** Per-call timeout, ms. */
  PRELABEL_LLM_TIMEOUT_MS: setting.positiveInt().default(20000),
  /** Retries after the first call on 429, 5xx, connection errors and timeouts. */
  PRELABEL_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** Base backoff, ms: attempt n waits base·2^n (± 20 % jitter), or the server's Retry-After if larger (capped at 30 s). */
  PRELABEL_LLM_BACKOFF_MS: setting.positiveInt().default(500),
  /** LLM calls in flight at once, per instance. */
  PRELABEL_LLM_CONCURRENCY: setting.positiveInt().max(64).default(4),
  /** Completion token cap per call. */
  PRELABEL_LLM_MAX_TOKENS: setting.positiveInt().default(64),
  /** Price of 1,000 prompt tokens in USD (for cost accounting). */
  PRELABEL_LLM_PROMPT_USD_PER_1K: usd().default(0),
  /** Price of 1,000 completion tokens in USD. */
  PRELABEL_LLM_COMPLETION_USD_PER_1K: usd().default(0),
  /** Gold examples (from gold labels on labels.v1) put in each prompt. */
  PRELABEL_LLM_GOLD_EXAMPLES: z.coerce.number().int().min(0).max(20).default(3),
  /** Refit the LLM's calibration after this many new (draft, human label) pairs. */
  PRELABEL_LLM_RECALIBRATE_EVERY: setting.positiveInt().default(20),
  /** Labels of a (project, question) before the first local model is trained. */
  PRELABEL_LOCAL_MIN_LABELS: setting.positiveInt().default(20),
  /** Retrain the local model after this many new labels. */
  PRELABEL_LOCAL_RETRAIN_EVERY: setting.positiveInt().default(50),
  /** Train on at most the latest this-many labels. */
  PRELABEL_LOCAL_MAX_LABELS: setting.positiveInt().default(5000),
  /**
   * Labels a local model version may send to the expert because it disagrees with them
   * out-of-fold (label checks, domain/label-check.policy), in projects with a target precision;
   * each item is checked once. 0: no label checks.
   */
  PRELABEL_LABEL_CHECKS_PER_MODEL: z.coerce.number().int().min(0).max(10000).default(100),
  /** Folds of the out-of-fold predictions behind the local model's calibration. */
  PRELABEL_CALIBRATION_FOLDS: z.coerce.number().int().min(2).max(20).default(5),
  /** Held-out answers needed above a threshold before it may auto-accept anything. */
  PRELABEL_THRESHOLD_MIN_SUPPORT: setting.positiveInt().default(30),
  /** tasks.v1 / labels.v1 partitions handled concurrently by one instance. */
  PRELABEL_CONCURRENCY: setting.positiveInt().max(12).default(4),
  /** Queue priority given to tasks active learning sends to humans. */
  PRELABEL_AL_PRIORITY: z.coerce.number().int().min(1).default(100),
  /** How often the active-learning selector runs, ms (0: only on POST …/active-learning/select). */
  PRELABEL_AL_INTERVAL_MS: z.coerce.number().int().min(0).default(5 * 60 * 1000),
  /** Items an `llm` labeling function's backfill asks the LLM about, at most (the rest are reported, not asked). */
  PRELABEL_LLM_LF_BACKFILL_MAX: z.coerce.number().int().min(0).default(1000),
  /** Audit share when the project sets none (its audit_rate = 0 means none, so this applies only to unknown projects). */
  PRELABEL_DEFAULT_AUDIT_RATE: unit().default(0),
};

export const prelabelConfigShape = { ...platformSettings, ...prelabelSettings };
export type PrelabelConfig = ConfigOf<typeof prelabelConfigShape>;
export type PrelabelSettings = ConfigOf<typeof prelabelSettings>;

/** Injection token of the prelabel service's validated configuration. */
export const PRELABEL_CONFIG = Symbol('PRELABEL_CONFIG');
