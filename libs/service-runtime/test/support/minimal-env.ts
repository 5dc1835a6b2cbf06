/** The fewest settings `platformSettings` loads with: what the settings specs vary one setting against. */
export const minimalPlatformEnv = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
  S3_ACCESS_KEY_ID: 'a',
  S3_SECRET_ACCESS_KEY: 'b',
  S3_BUCKET: 'verity',
  JWT_SECRET: 'x'.repeat(40),
};
