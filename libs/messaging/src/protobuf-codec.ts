import {
  decodeEvent,
  encodeEvent,
  eventTypeOf,
  TopicSpec,
  EventMessage,
  ContractError,
} from '@verity/contracts';
import type { EventCodec, EventTopic } from './event-topic';

const spec = <E>(topic: EventTopic<E>) => topic as unknown as TopicSpec<EventMessage>;

/** The wire format of every Verity topic: protobuf binary of the topic's event message. */
export const protobufCodec: EventCodec = {
  encode: (topic, event) => encodeEvent(spec(topic), event as unknown as EventMessage),
  decode: <E>(topic: EventTopic<E>, bytes: Uint8Array) =>
    decodeEvent(spec(topic), bytes) as unknown as E,
  typeName: (topic) => eventTypeOf(spec(topic)),
  eventId: (event) => {
    const id = (event as unknown as EventMessage).envelope?.eventId;
    if (!id) throw new ContractError('(event)', 'envelope.event_id is empty');
    return id;
  },
  causationId: (event) => (event as unknown as EventMessage).envelope?.causationId || undefined,
  stampTrace: (event, headers) => {
    const env = (event as unknown as EventMessage).envelope;
    if (!env || env.traceparent || !headers.traceparent) return;
    env.traceparent = headers.traceparent;
    env.tracestate = headers.tracestate ?? '';
  },
};
