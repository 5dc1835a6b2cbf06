import { dlqAad, DlqCipher, DlqDecryptError } from './dlq-cipher';
import { DLQ_ONLY_HEADERS, HEADER, headerString, RawHeaders } from './headers';
import type { FetchedRecord } from './offset-reader';

/** A `<topic>.dlq` record, its headers read. */
export interface DeadLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  /** `<partition>:<offset>` in the DLQ topic. */
  id: string;
  key: string | null;
  /** The value as stored: the original bytes, or sealed ones when `encrypted`. */
  value: Buffer;
  headers: RawHeaders;
  /** When it was dead-lettered: `verity-failed-at`, else the record's timestamp (RFC 3339). */
  at: string;
  /** `verity-failed-at` as written (null when absent): part of the dead letter's identity. */
  failedAt: string | null;
  errorClass: string;
  errorMessage: string;
  attempts: number | null;
  origin: { topic: string; partition: number | null; offset: string | null; consumerGroup?: string };
  encrypted: boolean;
  /** Key id of an encrypted dead letter. */
  keyId?: string;
}

/** A dead letter's DLQ id: `<partition>:<offset>`. */
export const deadLetterId = (partition: number, offset: string | number) => `${partition}:${offset}`;

/** Parses `<partition>:<offset>` (decimal, no sign); undefined when malformed. */
export function parseDeadLetterId(id: string): { partition: number; offset: number } | undefined {
  const m = /^(\d{1,6}):(\d{1,18})$/.exec(id);
  if (!m) return undefined;
  const partition = Number(m[1]);
  const offset = Number(m[2]);
  if (!Number.isSafeInteger(offset)) return undefined;
  return { partition, offset };
}

/** Reads the DLQ headers of a fetched record (see ConsumerRunner). `dlqTopic` is `<topic>.dlq`. */
export function readDeadLetter(r: FetchedRecord): DeadLetter {
  const h = r.headers;
  const failedAt = headerString(h, HEADER.failedAt) ?? null;
  const partition = headerString(h, HEADER.originalPartition);
  const attempts = headerString(h, HEADER.attempts);
  const group = headerString(h, HEADER.consumerGroup);
  const encryption = headerString(h, HEADER.dlqEncryption);
  const at = failedAt && !Number.isNaN(Date.parse(failedAt)) ? new Date(failedAt).toISOString() : new Date(Number(r.timestamp)).toISOString();
  return {
    dlqTopic: r.topic,
    partition: r.partition,
    offset: r.offset,
    id: deadLetterId(r.partition, r.offset),
    key: r.key?.toString('utf8') ?? null,
    value: r.value ?? Buffer.alloc(0),
    headers: h,
    at,
    failedAt,
    errorClass: headerString(h, HEADER.errorClass) ?? 'unknown',
    errorMessage: headerString(h, HEADER.errorMessage) ?? '',
    attempts: attempts && /^\d+$/.test(attempts) ? Number(attempts) : null,
    origin: {
      topic: headerString(h, HEADER.originalTopic) ?? r.topic.replace(/\.dlq$/, ''),
      partition: partition && /^\d+$/.test(partition) ? Number(partition) : null,
      offset: headerString(h, HEADER.originalOffset) ?? null,
      ...(group ? { consumerGroup: group } : {}),
    },
    encrypted: encryption !== undefined,
    ...(encryption !== undefined ? { keyId: headerString(h, HEADER.dlqKeyId) ?? '' } : {}),
  };
}

/** Why it was dead-lettered, in one line: `<error class>: <message>`. */
export function deadLetterReason(d: Pick<DeadLetter, 'errorClass' | 'errorMessage'>): string {
  return d.errorMessage ? `${d.errorClass}: ${d.errorMessage}` : d.errorClass;
}

/** The original bytes of a dead letter: opened with the cipher when encrypted. Throws DlqDecryptError. */
export function originalValue(d: DeadLetter, cipher?: DlqCipher): Buffer {
  if (!d.encrypted) return d.value;
  if (!cipher) throw new DlqDecryptError('encrypted, and no DLQ_ENCRYPTION_KEY is configured here');
  if (d.keyId && d.keyId !== cipher.keyId) {
    throw new DlqDecryptError(`encrypted under another key (key id ${d.keyId}; this DLQ_ENCRYPTION_KEY is ${cipher.keyId})`);
  }
  if (d.origin.partition === null || d.origin.offset === null) {
    throw new DlqDecryptError('encrypted, but its origin headers are missing');
  }
  return cipher.open(d.value, dlqAad(d.origin.topic, d.origin.partition, d.origin.offset));
}

/** A record to publish again (`EventProducer.publishRaw`). */
export interface RedriveRecord {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string | Buffer>;
}

/**
 * The record to republish for a dead letter: to its original topic, with its original key,
 * value (decrypted) and headers (the DLQ's own dropped), marked `verity-redriven-from`,
 * `verity-redriven-by` (`by`, e.g. `user:<id>`) and `verity-redriven-at`. Throws DlqDecryptError
 * when it cannot be opened.
 */
export function redriveRecord(d: DeadLetter, by: string, cipher?: DlqCipher, now = new Date()): RedriveRecord {
  const value = originalValue(d, cipher);
  const headers: Record<string, string | Buffer> = {};
  for (const [k, v] of Object.entries(d.headers)) {
    if (v === undefined || DLQ_ONLY_HEADERS.includes(k)) continue;
    headers[k] = Array.isArray(v) ? v[0] : v;
  }
  headers[HEADER.redrivenFrom] = `${d.dlqTopic}:${d.id}`;
  headers[HEADER.redrivenBy] = by;
  headers[HEADER.redrivenAt] = now.toISOString();
  return { topic: d.origin.topic, key: d.key, value, headers };
}
