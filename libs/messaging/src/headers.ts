import { DLQ_HEADERS, EVENT_HEADERS, REDRIVE_HEADERS } from '@verity/contracts';

/** Header names carried on Verity records: the contract's one set (proto/README.md). */
export const HEADER = { ...EVENT_HEADERS, ...DLQ_HEADERS, ...REDRIVE_HEADERS } as const;

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
