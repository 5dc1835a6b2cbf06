import type { EventMessage, TopicSpec } from './topic-spec';

/** Kafka header names of every Verity record (see proto/README.md, "Wire encoding"). */
export const EVENT_HEADERS = {
  /** Always CONTENT_TYPE_PROTOBUF. */
  contentType: 'content-type',
  /** Fully-qualified event message name, equal to Envelope.type. */
  type: 'verity-type',
  /** Envelope.event_id, so brokers' tools and DLQ redrive can see it without decoding. */
  eventId: 'verity-event-id',
  /** W3C Trace Context. */
  traceparent: 'traceparent',
  /** W3C Trace Context. */
  tracestate: 'tracestate',
} as const;

/** The content-type header value of every Verity record. */
export const CONTENT_TYPE_PROTOBUF = 'application/x-protobuf';

/** Extra headers on a `<topic>.dlq` record, whose value and key are the original's, unchanged. */
export const DLQ_HEADERS = {
  /** Class (constructor name) of the error, e.g. `ContractError`. */
  errorClass: 'verity-error-class',
  /** The error message (truncated to 1 KiB). */
  errorMessage: 'verity-error-message',
  /** Topic the record was read from. */
  originalTopic: 'verity-original-topic',
  /** Partition it was read from (decimal). */
  originalPartition: 'verity-original-partition',
  /** Offset it was read from (decimal). */
  originalOffset: 'verity-original-offset',
  /** Processing attempts made before dead-lettering (decimal). */
  attempts: 'verity-attempts',
  /** Consumer group that gave up on it. */
  consumerGroup: 'verity-consumer-group',
  /** When it was dead-lettered (RFC 3339). */
  failedAt: 'verity-failed-at',
} as const;

/**
 * The headers of a record carrying `event`: content type, event type and id, and the W3C
 * trace context from its envelope (omitted when empty).
 */
export function eventHeaders(
  spec: TopicSpec<EventMessage>,
  event: EventMessage,
): Record<string, string> {
  const env = event.envelope;
  const headers: Record<string, string> = {
    [EVENT_HEADERS.contentType]: CONTENT_TYPE_PROTOBUF,
    [EVENT_HEADERS.type]: spec.schema.typeName,
  };
  if (env?.eventId) headers[EVENT_HEADERS.eventId] = env.eventId;
  if (env?.traceparent) headers[EVENT_HEADERS.traceparent] = env.traceparent;
  if (env?.tracestate) headers[EVENT_HEADERS.tracestate] = env.tracestate;
  return headers;
}
