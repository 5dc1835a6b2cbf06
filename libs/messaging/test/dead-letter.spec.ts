import { randomBytes } from 'node:crypto';
import {
  deadLetterReason,
  dlqAad,
  DlqCipher,
  DlqDecryptError,
  type FetchedRecord,
  HEADER,
  mergeRanges,
  parseDeadLetterId,
  readDeadLetter,
  redriveRecord,
} from '@verity/messaging';

// Reading a DLQ record's headers and building the record a redrive publishes.

const dlqHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/x-protobuf',
  'verity-event-id': 'ev-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  [HEADER.errorClass]: 'InvalidContentError',
  [HEADER.errorMessage]: 'source_id is empty',
  [HEADER.originalTopic]: 'content.v1',
  [HEADER.originalPartition]: '4',
  [HEADER.originalOffset]: '99',
  [HEADER.attempts]: '1',
  [HEADER.consumerGroup]: 'ingestion',
  [HEADER.failedAt]: '2025-06-01T12:00:00.000Z',
  ...extra,
});

const fetched = (value: Buffer, headers: Record<string, string>): FetchedRecord => ({
  topic: 'content.v1.dlq',
  partition: 1,
  offset: '17',
  key: Buffer.from('yt:abc'),
  value,
  headers,
  timestamp: '1700000000000',
});

describe('dead letters', () => {
  it('reads id, origin, reason and time from the headers', () => {
    const d = readDeadLetter(fetched(Buffer.from('x'), dlqHeaders()));
    expect(d).toMatchObject({
      id: '1:17',
      key: 'yt:abc',
      at: '2025-06-01T12:00:00.000Z',
      attempts: 1,
      origin: { topic: 'content.v1', partition: 4, offset: '99', consumerGroup: 'ingestion' },
      encrypted: false,
    });
    expect(deadLetterReason(d)).toBe('InvalidContentError: source_id is empty');
    const bare = readDeadLetter({ ...fetched(Buffer.from('x'), {}), key: null });
    expect(bare.at).toBe(new Date(1700000000000).toISOString());
    expect(bare.origin).toEqual({ topic: 'content.v1', partition: null, offset: null });
    expect(deadLetterReason(bare)).toBe('unknown');
  });

  it('redrives to the original topic with the original key, value and headers, marked, DLQ headers dropped', () => {
    const d = readDeadLetter(fetched(Buffer.from('original-bytes'), dlqHeaders()));
    const r = redriveRecord(d, 'user:u1', undefined, new Date('2025-06-02T00:00:00Z'));
    expect(r.topic).toBe('content.v1');
    expect(r.key).toBe('yt:abc');
    expect(r.value.toString()).toBe('original-bytes');
    expect(r.headers).toEqual({
      'content-type': 'application/x-protobuf',
      'verity-event-id': 'ev-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      [HEADER.redrivenFrom]: 'content.v1.dlq:1:17',
      [HEADER.redrivenBy]: 'user:u1',
      [HEADER.redrivenAt]: '2025-06-02T00:00:00.000Z',
    });
  });

  it('decrypts an encrypted dead letter on redrive, and refuses without the right key', () => {
    const cipher = new DlqCipher(randomBytes(32));
    const sealed = cipher.seal(Buffer.from('clear event'), dlqAad('content.v1', 4, '99'));
    const d = readDeadLetter(fetched(sealed, dlqHeaders({ [HEADER.dlqEncryption]: 'aes-256-gcm', [HEADER.dlqKeyId]: cipher.keyId })));
    expect(d.encrypted).toBe(true);
    const r = redriveRecord(d, 'user:u1', cipher);
    expect(r.value.toString()).toBe('clear event');
    expect(r.headers[HEADER.dlqEncryption]).toBeUndefined();
    expect(r.headers[HEADER.dlqKeyId]).toBeUndefined();
    expect(() => redriveRecord(d, 'user:u1')).toThrow(/no DLQ_ENCRYPTION_KEY/);
    expect(() => redriveRecord(d, 'user:u1', new DlqCipher(randomBytes(32)))).toThrow(/another key/);
    // Same key id, origin header rewritten: the authenticated data no longer matches.
    const moved = readDeadLetter(fetched(sealed, dlqHeaders({ [HEADER.dlqEncryption]: 'aes-256-gcm', [HEADER.dlqKeyId]: cipher.keyId, [HEADER.originalOffset]: '100' })));
    expect(() => redriveRecord(moved, 'user:u1', cipher)).toThrow(DlqDecryptError);
  });

  it('parses <partition>:<offset> ids strictly', () => {
    expect(parseDeadLetterId('0:17')).toEqual({ partition: 0, offset: 17 });
    for (const bad of ['', '0', '0:', ':1', '-1:2', '1:-2', '1:2:3', 'a:1', '1: 2', '1:99999999999999999999']) {
      expect(parseDeadLetterId(bad)).toBeUndefined();
    }
  });

  it('merges overlapping ranges per partition and drops empty ones', () => {
    const t = 'x.dlq';
    expect(
      mergeRanges([
        { topic: t, partition: 0, from: 5, to: 10 },
        { topic: t, partition: 0, from: 0, to: 5 },
        { topic: t, partition: 0, from: 20, to: 30 },
        { topic: t, partition: 1, from: 3, to: 3 },
        { topic: t, partition: 1, from: 1, to: 2 },
      ]),
    ).toEqual([
      { topic: t, partition: 0, from: 0, to: 10 },
      { topic: t, partition: 0, from: 20, to: 30 },
      { topic: t, partition: 1, from: 1, to: 2 },
    ]);
  });
});
