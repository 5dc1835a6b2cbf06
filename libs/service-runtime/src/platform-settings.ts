import { databaseSettings, kafkaSettings, s3Settings, serviceSettings, z } from '@verity/config';

/** The settings every service reads: Kafka, Postgres, S3, HTTP port, logs, telemetry. */
export const platformSettings = {
  ...kafkaSettings,
  ...databaseSettings,
  ...s3Settings,
  ...serviceSettings,
  /** HS256 key for people's tokens; every service verifies them (deny by default). */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
};
