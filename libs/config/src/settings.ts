import { z } from 'zod';

/** Reusable setting types, so every service parses the same names the same way. */
export const setting = {
  url: (protocols: string[]) =>
    z.string().refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      { message: `must be a URL with protocol ${protocols.join(' or ')}` },
    ),
  port: () => z.coerce.number().int().min(1).max(65535),
  positiveInt: () => z.coerce.number().int().positive(),
  list: () =>
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .refine((v) => v.length > 0, { message: 'must be a non-empty comma-separated list' }),
  bool: () =>
    z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
};

/** Kafka: a comma-separated list of host:port brokers. */
export const kafkaSettings = {
  KAFKA_BROKERS: setting
    .list()
    .refine((l) => l.every((b) => /^[^:\s]+:\d+$/.test(b)), {
      message: 'every broker must be host:port',
    }),
  KAFKA_CLIENT_ID: z.string().optional(),
};

/** Postgres: a postgres:// URL. */
export const databaseSettings = {
  DATABASE_URL: setting.url(['postgres', 'postgresql']),
};

/** S3-compatible object store. */
export const s3Settings = {
  S3_ENDPOINT: setting.url(['http', 'https']).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string(),
  S3_SECRET_ACCESS_KEY: z.string(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name'),
};

/** HTTP and telemetry settings every service shares. */
export const serviceSettings = {
  PORT: setting.port().default(3000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: setting.url(['http', 'https']).optional(),
  /** Zipkin server root (spans go to `/api/v2/spans`); unset: no Zipkin export. */
  ZIPKIN_URL: setting.url(['http', 'https']).optional(),
};

/** What a service's tracing reads before anything else loads (`startServiceTelemetry`). */
export const telemetrySettings = {
  OTEL_EXPORTER_OTLP_ENDPOINT: serviceSettings.OTEL_EXPORTER_OTLP_ENDPOINT,
  ZIPKIN_URL: serviceSettings.ZIPKIN_URL,
};
