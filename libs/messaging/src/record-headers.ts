import { CONTENT_TYPE_PROTOBUF } from '@verity/contracts';
import { injectTraceHeaders } from '@verity/telemetry';
import { traceOfCause } from './cause-traces';
import { EventCodec, EventTopic } from './event-topic';
import { HEADER } from './headers';

/**
 * Headers of a new record: content type, type name, event id and the trace context (the active
 * one, or inside a batch handler the one of the record that caused the event), which also goes
 * into the event's envelope when it has none (encode the event after this).
 */
export function recordHeaders<E>(
  codec: EventCodec,
  topic: EventTopic<E>,
  event: E,
  extra: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    [HEADER.contentType]: CONTENT_TYPE_PROTOBUF,
    [HEADER.type]: codec.typeName(topic),
    [HEADER.eventId]: codec.eventId(event),
    ...extra,
  };
  injectTraceHeaders(headers, traceOfCause(codec.causationId?.(event)));
  codec.stampTrace?.(event, headers);
  return headers;
}
