import { context, createContextKey, propagation, ROOT_CONTEXT, trace, Context, Link, Span, SpanKind } from '@opentelemetry/api';

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

/** The W3C traceparent of a context's span; undefined when it has no valid span. */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
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

/**
 * Runs fn in a span that continues a stored trace (its parent is the span `traceparent` names),
 * linked to the active span (an HTTP request's): work a person does on something the platform
 * queued earlier stays in that thing's trace (docs/decisions.md, "One trace per item").
 * Without a valid stored traceparent the span is the active span's child.
 */
export function continueStoredTrace<T>(
  name: string,
  traceparent: string | null | undefined,
  attributes: Record<string, string | number | boolean>,
  fn: () => Promise<T>,
): Promise<T> {
  const active = context.active();
  const stored = traceparent ? extractTraceContext({ traceparent }) : undefined;
  const resumes = stored !== undefined && trace.getSpanContext(stored) !== undefined;
  const request = trace.getSpanContext(active);
  const links: Link[] = resumes && request ? [{ context: request }] : [];
  return withSpan(name, SpanKind.INTERNAL, resumes ? stored : active, { ...attributes, 'verity.trace_resumed': resumes }, () => fn(), links);
}

export { SpanKind, context, trace, createContextKey, ROOT_CONTEXT };
export { suppressTracing } from '@opentelemetry/core';
export type { Context, Link, Span };
