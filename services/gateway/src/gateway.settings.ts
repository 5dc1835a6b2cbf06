/** Settings of the gateway beyond the platform's (Kafka, Postgres, S3, PORT, logs, OTLP). */
export const gatewaySettings = {};
