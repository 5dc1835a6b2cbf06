import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { GenMessage } from '@bufbuild/protobuf/codegenv2';
import { EnvelopeSchema, type Envelope } from '../gen/verity/common/v1/envelope_pb';
import { ContractError } from './contract.error';
import type { EventMessage, TopicSpec } from './topic-spec';
import { uuidv7 } from './uuidv7';

/** The fully-qualified event message name of a topic, e.g. `verity.labels.v1.LabelEvent`. */
export function eventTypeOf(spec: TopicSpec<EventMessage>): string {
  return spec.schema.typeName;
}

/** What newEnvelope needs; everything else has a default. */
export interface NewEnvelopeInit {
  /** Producing service or system, e.g. `export`. */
  producer: string;
  /** Project the event belongs to; '' when not project-scoped (see Envelope.project_id). */
  projectId: string;
  /** Event type; defaults to the event message of `spec`, else createEvent fills it. */
  type?: string;
  /** The topic the envelope is for: gives the default type and schema version. */
  spec?: TopicSpec<EventMessage>;
  /** Defaults to the spec's schemaVersion, else 1. */
  schemaVersion?: number;
  /** event_id of the event that caused this one. */
  causationId?: string;
  /** Flow id; defaults to the new event's own id (a new flow starts here). */
  correlationId?: string;
  /** W3C traceparent of the producing span. */
  traceparent?: string;
  /** W3C tracestate. */
  tracestate?: string;
  /** Defaults to a new UUIDv7. Set it only to re-create a known event (outbox relay). */
  eventId?: string;
  /** Defaults to now. */
  occurredAt?: Date;
}

/** A complete envelope: UUIDv7 event id, occurred_at now, type from the spec when given. */
export function newEnvelope(init: NewEnvelopeInit): Envelope {
  const eventId = init.eventId ?? uuidv7();
  return create(EnvelopeSchema, {
    eventId,
    type: init.type ?? init.spec?.schema.typeName ?? '',
    schemaVersion: init.schemaVersion ?? init.spec?.schemaVersion ?? 1,
    occurredAt: timestampFromDate(init.occurredAt ?? new Date()),
    producer: init.producer,
    projectId: init.projectId,
    traceparent: init.traceparent ?? '',
    tracestate: init.tracestate ?? '',
    causationId: init.causationId ?? '',
    correlationId: init.correlationId ?? eventId,
  });
}

/** The causality fields of an event caused by `cause`: spread into newEnvelope's init. */
export function causedBy(cause: Envelope): { causationId: string; correlationId: string } {
  return { causationId: cause.eventId, correlationId: cause.correlationId || cause.eventId };
}

/**
 * Creates a topic's event with create(). The envelope is required (newEnvelope); its type
 * and schema version are filled from the topic when empty.
 */
export function createEvent<T extends EventMessage>(
  spec: TopicSpec<T>,
  init: MessageInitShape<GenMessage<T>>,
): T {
  const event = create(spec.schema, init) as T;
  const env = event.envelope;
  if (!env) throw new ContractError(spec.name, 'createEvent needs an envelope (use newEnvelope)');
  if (!env.type) env.type = spec.schema.typeName;
  if (!env.schemaVersion) env.schemaVersion = spec.schemaVersion;
  return event;
}

function checkEnvelope(
  spec: TopicSpec<EventMessage>,
  event: EventMessage,
  strictType: boolean,
): void {
  const env = event.envelope;
  if (!env) throw new ContractError(spec.name, `${spec.schema.typeName} has no envelope`);
  if (!env.eventId)
    throw new ContractError(spec.name, `${spec.schema.typeName} has no envelope.event_id`);
  if ((strictType || env.type) && env.type !== spec.schema.typeName) {
    throw new ContractError(
      spec.name,
      `envelope.type is "${env.type}" but the topic carries ${spec.schema.typeName}`,
    );
  }
}

/**
 * The Kafka value of an event: its protobuf binary encoding. Refuses what a consumer would
 * refuse (no envelope, no event id) and an envelope type other than the topic's message.
 */
export function encodeEvent<T extends EventMessage>(spec: TopicSpec<T>, event: T): Uint8Array {
  checkEnvelope(spec, event, true);
  return toBinary(spec.schema, event);
}

/**
 * Decodes a Kafka value of the topic. Throws ContractError naming the topic and the reason
 * for bytes that are not the topic's message, a missing envelope or event id, or an
 * envelope type of another message (an empty type is accepted from foreign producers).
 */
export function decodeEvent<T extends EventMessage>(spec: TopicSpec<T>, bytes: Uint8Array): T {
  let event: T;
  try {
    event = fromBinary(spec.schema, bytes) as T;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ContractError(spec.name, `malformed ${spec.schema.typeName}: ${why}`, { cause: err });
  }
  checkEnvelope(spec, event, false);
  return event;
}
