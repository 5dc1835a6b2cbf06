export { startTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry';
export { startServiceTelemetry, serviceTelemetry } from './start-service-telemetry';
export {
  injectTraceHeaders,
  extractTraceContext,
  traceparentOf,
  withSpan,
  continueStoredTrace,
  suppressTracing,
  tracer,
  SpanKind,
  context,
  trace,
  createContextKey,
  ROOT_CONTEXT,
  type CarrierHeaders,
  type Context,
  type Link,
  type Span,
} from './trace-headers';
export { Logger, type LogLevel } from './logger';
