import { injectTraceHeaders } from '@verity/telemetry';
import { EventCodec, EventTopic } from './event-topic';
import { HEADER } from './headers';

/** Headers of a new record: content type, type name, event id and the active trace context. */
export function recordHeaders<E>(
  codec: EventCodec,
  topic: EventTopic<E>,
  event: E,
  extra: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    [HEADER.contentType]: 'application/x-protobuf',
    [HEADER.type]: codec.typeName(topic),
    [HEADER.eventId]: codec.eventId(event),
    ...extra,
  };
  return injectTraceHeaders(headers);
}
