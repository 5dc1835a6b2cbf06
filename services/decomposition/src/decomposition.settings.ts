import { setting } from '@verity/config';

/** Settings of decomposition beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP). */
export const decompositionSettings = {
  /** items.v1 / decisions.v1 partitions handled concurrently by one instance. */
  DECOMPOSITION_CONCURRENCY: setting.positiveInt().default(6),
};

/** Injection token of the decomposition settings (the validated config). */
export const DECOMPOSITION_SETTINGS = Symbol('DECOMPOSITION_SETTINGS');
