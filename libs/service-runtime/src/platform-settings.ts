import { databaseSettings, kafkaSettings, s3Settings, serviceSettings, setting, z } from '@verity/config';
import { DEFAULT_FETCH_LIMITS, DEFAULT_SESSION_TIMEOUT_MS, parseDlqKey } from '@verity/messaging';

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
  /** HS256 key of people's tokens (gateway) and of the gateway's tokens for each service (deny by default). */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /**
   * Keys being rotated out, comma-separated: tokens they signed are still accepted until they
   * expire, and nothing is signed with them (deploy/k8s/RUNBOOKS.md, "Rotate JWT_SECRET"). Empty
   * outside a rotation.
   */
  JWT_PREVIOUS_SECRETS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter((k) => k.length > 0))
    .refine((keys) => keys.every((k) => k.length >= 32), 'each key must be at least 32 characters'),
  /**
   * Address the HTTP server binds: loopback unless a deployment says otherwise (containers set
   * 0.0.0.0 so their peers can reach them; the services' own checks hold on an open network).
   */
  HOST: z
    .string()
    .regex(/^[0-9A-Za-z.:-]{1,255}$/, 'must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  /**
   * AES-256-GCM key sealing the dead letters of sensitive topics (content.v1). Optional here;
   * required by the services that consume such a topic (`requiredDlqKeySettings`), and used by
   * the gateway to decrypt on redrive.
   */
  DLQ_ENCRYPTION_KEY: dlqEncryptionKey.optional(),
  /**
   * How long a consumer partition may wait on a transient failure (a dependency down: its record
   * is retried, never dead-lettered) before /readyz reports the service not ready.
   */
  CONSUMER_STALL_MS: z.coerce.number().int().min(1000, 'must be at least 1000 (milliseconds)').default(60000),
  /**
   * Bearer token a Prometheus scraper sends to GET /metrics (at least 32 characters). Unset:
   * /metrics answers loopback peers only (docs/decisions.md, "who reads /metrics").
   */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * Most bytes one consumer fetch brings, over all partitions and per partition: what a service
   * holds at once under load follows from them (libs/messaging DEFAULT_FETCH_LIMITS, decision 77).
   */
  KAFKA_FETCH_MAX_BYTES: setting.positiveInt().default(DEFAULT_FETCH_LIMITS.maxBytes),
  KAFKA_FETCH_PARTITION_MAX_BYTES: setting.positiveInt().default(DEFAULT_FETCH_LIMITS.maxBytesPerPartition),
  /**
   * How long, in ms, Kafka waits for a consumer's heartbeat before it hands the consumer's
   * partitions to the rest of its group: after a crash, the work of the crashed process waits
   * this long (libs/messaging DEFAULT_SESSION_TIMEOUT_MS). Shorter fails over sooner; too short
   * and a process slowed by a busy machine loses its partitions for nothing. Heartbeats go every
   * 3 s; the broker takes 6 s to 30 min by default (group.min/max.session.timeout.ms).
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6000, 'must be at least 6000 (milliseconds; two heartbeats, and the broker\'s lowest by default)')
    .max(1_800_000, 'must be at most 1800000 (milliseconds; the broker\'s highest by default)')
    .default(DEFAULT_SESSION_TIMEOUT_MS),
  /** `retention.ms` of `<topic>.dlq` topics when this service creates them: -1 keeps them until redriven or purged. */
  DLQ_RETENTION_MS: z.coerce
    .number()
    .int()
    .refine((v) => v === -1 || v > 0, { message: 'must be -1 (keep forever) or a positive number of milliseconds' })
    .default(-1),
};
