import { context, propagation, trace, Context, Link, Span, SpanKind } from '@opentelemetry/api';

/** Kafka-style headers: a string or bytes per key. */
export type CarrierHeaders = Record<string, string | Buffer | undefined | (string | Buffer)[]>;

const getter = {
  keys: (carrier: CarrierHeaders) => Object.keys(carrier),
  get: (carrier: CarrierHeaders, key: string) => {
    const v = carrier[key];
    if (v === undefined) return undefined;
    const first = Array.isArray(v) ? v[0] : v;
    return first === undefined ? undefined : first.toString();
  },
};

/** Writes the active (or given) context's W3C traceparent/tracestate into headers. */
export function injectTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()) {
  propagation.inject(ctx, headers);
  return headers;
}

/** Reads a W3C trace context from headers; the root context when none is present. */
export function extractTraceContext(headers: CarrierHeaders | undefined): Context {
  return propagation.extract(context.active(), headers ?? {}, getter);
}

export const tracer = () => trace.getTracer('verity');

/** Runs fn inside a span that is a child of `parent` (with optional links), ending it whatever happens. */
export async function withSpan<T>(
  name: string,
  kind: SpanKind,
  parent: Context,
  attributes: Record<string, string | number | boolean>,
  fn: (span: Span) => Promise<T>,
  links: Link[] = [],
): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes, links }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: 2, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

export { SpanKind, context, trace };
export type { Context, Link };
