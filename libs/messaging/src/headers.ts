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
} as const;

export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export function headerString(headers: RawHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}
