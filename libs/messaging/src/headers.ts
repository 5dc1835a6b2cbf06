/** Header names carried on every Verity record (documented in proto/README.md). */
export const HEADER = {
  contentType: 'content-type',
  type: 'verity-type',
  eventId: 'verity-event-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  errorClass: 'verity-error-class',
  errorMessage: 'verity-error-message',
  originalTopic: 'verity-original-topic',
  originalPartition: 'verity-original-partition',
  originalOffset: 'verity-original-offset',
  attempts: 'verity-attempts',
  consumerGroup: 'verity-consumer-group',
  failedAt: 'verity-failed-at',
  /** On an encrypted dead letter (sensitive topics): the algorithm, `aes-256-gcm`. */
  dlqEncryption: 'verity-dlq-encryption',
  /** On an encrypted dead letter: the id of the key it was sealed with (see DlqCipher.keyId). */
  dlqKeyId: 'verity-dlq-key-id',
  /** On a redriven record: the dead letter it was copied from, `<dlq topic>:<partition>:<offset>`. */
  redrivenFrom: 'verity-redriven-from',
  /** On a redriven record: who redrove it (`user:<id>` or `api_key:<id>`). */
  redrivenBy: 'verity-redriven-by',
  /** On a redriven record: when (RFC 3339). */
  redrivenAt: 'verity-redriven-at',
} as const;

/** The headers a consumer adds when it dead-letters a record (dropped again on redrive). */
export const DLQ_ONLY_HEADERS: readonly string[] = [
  HEADER.errorClass,
  HEADER.errorMessage,
  HEADER.originalTopic,
  HEADER.originalPartition,
  HEADER.originalOffset,
  HEADER.attempts,
  HEADER.consumerGroup,
  HEADER.failedAt,
  HEADER.dlqEncryption,
  HEADER.dlqKeyId,
];

export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export function headerString(headers: RawHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}
