/**
 * Kafka header names of every Verity record (see proto/README.md, "Wire encoding"): the one set,
 * which `@verity/messaging` writes (recordHeaders) and reads (its `HEADER` is these groups).
 */
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
  /** On an encrypted dead letter (sensitive topics): the algorithm, `aes-256-gcm`. */
  dlqEncryption: 'verity-dlq-encryption',
  /** On an encrypted dead letter: the id of the key it was sealed with. */
  dlqKeyId: 'verity-dlq-key-id',
} as const;

/** Extra headers on a record redriven from a `<topic>.dlq` back to its topic. */
export const REDRIVE_HEADERS = {
  /** The dead letter it was copied from, `<dlq topic>:<partition>:<offset>`. */
  redrivenFrom: 'verity-redriven-from',
  /** Who redrove it (`user:<id>` or `api_key:<id>`). */
  redrivenBy: 'verity-redriven-by',
  /** When (RFC 3339). */
  redrivenAt: 'verity-redriven-at',
} as const;
