import { setting, z } from '@verity/config';
import type { PlatformConfig } from '@verity/service-runtime';

/** Settings of adjudication beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP). */
export const adjudicationSettings = {
  /** How long a claimed request stays with its expert before it returns to the queue. */
  ADJUDICATION_LEASE_SECONDS: setting.positiveInt().default(900),
  /**
   * Weight, in observations, of the reliability an answer carried when one expert verdict is
   * folded into it: r' = (r·k + agreed) / (k + 1). Larger = smaller steps.
   */
  ADJUDICATION_FEEDBACK_PRIOR_WEIGHT: setting.positiveInt().default(10),
  /** Reliability assumed for an answer that carried none. */
  ADJUDICATION_DEFAULT_RELIABILITY: z.coerce.number().min(0).max(1).default(0.5),
  /** Most rows one queue listing returns. */
  ADJUDICATION_QUEUE_LIMIT: setting.positiveInt().default(200),
};

export type AdjudicationSettings = { [K in keyof typeof adjudicationSettings]: z.output<(typeof adjudicationSettings)[K]> };

/** The whole configuration of the service: platform settings plus its own. */
export type AdjudicationConfig = PlatformConfig & AdjudicationSettings;
export const ADJUDICATION_CONFIG = Symbol('ADJUDICATION_CONFIG');
