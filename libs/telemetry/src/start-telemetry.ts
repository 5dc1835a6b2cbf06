import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { BatchSpanProcessor, NoopSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { platformInstrumentations } from './instrumentations';
import { platformSampler } from './platform-sampler';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint, e.g. http://collector:4318. */
  otlpEndpoint?: string;
  /** Zipkin server root, e.g. http://127.0.0.1:9411 (spans go to /api/v2/spans). */
  zipkinUrl?: string;
  /** Instrument http, NestJS, pg and kafkajs (default true; tests of the span plumbing turn it off). */
  instrument?: boolean;
}

export interface Telemetry {
  readonly exporting: boolean;
  shutdown(): Promise<void>;
}

function exportersOf(opts: TelemetryOptions): SpanProcessor[] {
  const out: SpanProcessor[] = [];
  if (opts.otlpEndpoint) {
    out.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${opts.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }) }));
  }
  if (opts.zipkinUrl) {
    const url = `${opts.zipkinUrl.replace(/\/$/, '')}/api/v2/spans`;
    out.push(new BatchSpanProcessor({ exporter: new ZipkinExporter({ url, serviceName: opts.serviceName }), scheduledDelayMillis: 1000 }));
  }
  return out;
}

/**
 * Starts the OpenTelemetry SDK. Spans are always real (so trace ids flow through Kafka
 * headers from content.v1 to labels.v1); they leave the process only when an OTLP endpoint or a
 * Zipkin server is set. Start it before http, pg, kafkajs and NestJS load
 * (`startServiceTelemetry`, first import of a service's main.ts): the instrumentations patch
 * modules as they are required.
 */
export function startTelemetry(opts: TelemetryOptions): Telemetry {
  const exporters = exportersOf(opts);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }),
    spanProcessors: exporters.length > 0 ? exporters : [new NoopSpanProcessor()],
    textMapPropagator: new W3CTraceContextPropagator(),
    sampler: platformSampler(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: opts.instrument === false ? [] : platformInstrumentations(),
    autoDetectResources: false,
  });
  sdk.start();
  return {
    exporting: exporters.length > 0,
    shutdown: () => sdk.shutdown(),
  };
}
