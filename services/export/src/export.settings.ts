import { ConfigOf, setting, z } from '@verity/config';
import { platformSettings } from '@verity/service-runtime';

/** Settings of export beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP, JWT_SECRET). */
export const exportSettings = {
  /** decisions.v1 partitions handled concurrently by one instance (per-item order is kept). */
  EXPORT_DECISIONS_CONCURRENCY: setting.positiveInt().max(12).default(3),
  /** S3 key prefix of releases: `<prefix>/<projectId>/<releaseId>/…`. */
  EXPORT_RELEASE_PREFIX: z.string().regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/).default('releases'),
  /** Most labels in one release (a release reserves them in one statement of one transaction). */
  EXPORT_RELEASE_MAX_LABELS: setting.positiveInt().default(5_000_000),
  /** A release's reserved label versions still unrecorded after this long belonged to a crashed build, in ms. */
  EXPORT_RESERVATION_MAX_AGE_MS: setting.positiveInt().default(6 * 60 * 60 * 1000),
  /** How often those are looked for (and once at start-up), in ms. */
  EXPORT_RESERVATION_SWEEP_INTERVAL_MS: setting.positiveInt().default(60 * 60 * 1000),
};

export const exportConfigShape = { ...platformSettings, ...exportSettings };
export type ExportConfig = ConfigOf<typeof exportConfigShape>;

/** Injection token of export's validated configuration. */
export const EXPORT_CONFIG = Symbol('EXPORT_CONFIG');
