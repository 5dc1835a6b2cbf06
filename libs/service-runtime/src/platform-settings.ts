import { databaseSettings, kafkaSettings, s3Settings, serviceSettings } from '@verity/config';

/** The settings every service reads: Kafka, Postgres, S3, HTTP port, logs, telemetry. */
export const platformSettings = {
  ...kafkaSettings,
  ...databaseSettings,
  ...s3Settings,
  ...serviceSettings,
};
