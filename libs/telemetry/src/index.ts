export { startTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry';
export {
  injectTraceHeaders,
  extractTraceContext,
  withSpan,
  tracer,
  SpanKind,
  context,
  trace,
  type CarrierHeaders,
  type Context,
  type Link,
} from './trace-headers';
export { Logger, type LogLevel } from './logger';
