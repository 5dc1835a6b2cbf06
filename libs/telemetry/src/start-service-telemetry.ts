import { loadConfigOrExit, telemetrySettings } from '@verity/config';
import { startTelemetry, Telemetry } from './start-telemetry';

let started: { service: string; telemetry: Telemetry } | undefined;

/**
 * Starts a service's tracing from its settings (OTEL_EXPORTER_OTLP_ENDPOINT, ZIPKIN_URL). Called
 * by the first import of each service's main.ts (`src/instrument.ts`), before http, pg, kafkajs
 * and NestJS load, so the instrumentations can patch them. Once per process.
 */
export function startServiceTelemetry(service: string): Telemetry {
  if (started) return started.telemetry;
  const config = loadConfigOrExit(service, telemetrySettings);
  const telemetry = startTelemetry({ serviceName: service, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, zipkinUrl: config.ZIPKIN_URL });
  started = { service, telemetry };
  return telemetry;
}

/** The telemetry startServiceTelemetry started for this service, if it did. */
export function serviceTelemetry(service: string): Telemetry | undefined {
  return started?.service === service ? started.telemetry : undefined;
}
