import type { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/** Probe and scrape routes: a span per Kubernetes probe or Prometheus scrape would drown the traces. */
const QUIET_PATHS = /^\/(healthz|readyz|livez|health|metrics)(\/|\?|$)/;

/**
 * The maintained OpenTelemetry instrumentations (docs/decisions.md, "One trace per item"):
 * - http: server spans continue an incoming `traceparent`; client calls are traced only inside a
 *   trace (no root span per background S3 or exporter call);
 * - NestJS: a span per controller handler;
 * - pg: statements inside a trace only (the outbox relay's polling makes none), no connect spans;
 * - kafkajs: a `send` span per produced record, child of the active span (our `publish` span);
 *   records relayed from an outbox are sent with tracing suppressed, so the trace context
 *   stored with them at enqueue is what travels (see EventProducer.publishRaw).
 */
export function platformInstrumentations() {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? ''),
      requireParentforOutgoingSpans: true,
    }),
    new NestInstrumentation(),
    // No span per pool checkout: a statement's span says enough, at half the spans.
    new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    new KafkaJsInstrumentation(),
  ];
}
