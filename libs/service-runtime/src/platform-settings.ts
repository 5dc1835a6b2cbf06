import { databaseSettings, kafkaSettings, s3Settings, serviceSettings, z } from '@verity/config';
import { parseDlqKey } from '@verity/messaging';

/** `DLQ_ENCRYPTION_KEY`: base64 of 32 random bytes (`openssl rand -base64 32`). */
export const dlqEncryptionKey = z.string().superRefine((v, ctx) => {
  try {
    parseDlqKey(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

/**
 * The DLQ key made required: for the settings of a service that consumes a sensitive topic
 * (content.v1), so a missing key stops it at start-up like any missing setting.
 */
export const requiredDlqKeySettings = { DLQ_ENCRYPTION_KEY: dlqEncryptionKey };

/** The settings every service reads: Kafka, Postgres, S3, HTTP port, logs, telemetry. */
export const platformSettings = {
  ...kafkaSettings,
  ...databaseSettings,
  ...s3Settings,
  ...serviceSettings,
  /** HS256 key for people's tokens; every service verifies them (deny by default). */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /**
   * AES-256-GCM key sealing the dead letters of sensitive topics (content.v1). Optional here;
   * required by the services that consume such a topic (`requiredDlqKeySettings`), and used by
   * the gateway to decrypt on redrive.
   */
  DLQ_ENCRYPTION_KEY: dlqEncryptionKey.optional(),
  /** `retention.ms` of `<topic>.dlq` topics when this service creates them: -1 keeps them until redriven or purged. */
  DLQ_RETENTION_MS: z.coerce
    .number()
    .int()
    .refine((v) => v === -1 || v > 0, { message: 'must be -1 (keep forever) or a positive number of milliseconds' })
    .default(-1),
};
