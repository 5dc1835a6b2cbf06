/**
 * What the messaging layer needs to know of a topic. `TopicSpec` from @verity/contracts
 * satisfies it; tests may declare their own topics with the same shape.
 */
export interface EventTopic<E> {
  readonly name: string;
  readonly partitions: number;
  /** -1 keeps records forever. */
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Records carry personal data in clear: their dead letters are encrypted (see DlqCipher). */
  readonly sensitive?: boolean;
  keyOf(event: E): string;
}

/** Turns events into bytes and back: the one place the wire format is decided. */
export interface EventCodec {
  encode<E>(topic: EventTopic<E>, event: E): Uint8Array;
  decode<E>(topic: EventTopic<E>, bytes: Uint8Array): E;
  /** Fully-qualified type name written into the `verity-type` header. */
  typeName<E>(topic: EventTopic<E>): string;
  /** The envelope's event id: the inbox key. */
  eventId<E>(event: E): string;
  /**
   * Writes the record's trace context (its `traceparent`/`tracestate` headers) into the event's
   * envelope when the event has none, so the event itself says where its trace continues.
   */
  stampTrace?<E>(event: E, headers: Record<string, string>): void;
  /** The envelope's causation id (the event this one was caused by), if any. */
  causationId?<E>(event: E): string | undefined;
}

export const dlqName = (topic: string) => `${topic}.dlq`;
