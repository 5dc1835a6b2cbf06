import { type Context, context, createContextKey } from '@verity/telemetry';

/**
 * While a batch handler runs, the trace context of each of its records by event id. An event
 * enqueued or published then carries the trace of the record that caused it (its envelope's
 * causation_id), not the batch's: each item's trace goes on through batches, with no change to
 * the handlers that enqueue many events at once.
 */
const CAUSE_TRACES = createContextKey('verity.cause-traces');

export function withCauseTraces<T>(records: readonly { eventId: string; trace: Context }[], fn: () => T): T {
  const byEventId = new Map(records.map((r) => [r.eventId, r.trace]));
  return context.with(context.active().setValue(CAUSE_TRACES, byEventId), fn);
}

/** The trace to announce an event in: its cause's, when a batch handler is running it, else the active one. */
export function traceOfCause(causationId: string | undefined): Context {
  const active = context.active();
  if (!causationId) return active;
  const byEventId = active.getValue(CAUSE_TRACES) as Map<string, Context> | undefined;
  return byEventId?.get(causationId) ?? active;
}
