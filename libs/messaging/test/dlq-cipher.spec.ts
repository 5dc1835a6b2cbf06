import { randomBytes } from 'node:crypto';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { TOPICS } from '@verity/contracts';
import {
  ConsumerRunner,
  dlqAad,
  DlqCipher,
  DlqDecryptError,
  EventCodec,
  EventProducer,
  EventTopic,
  HEADER,
  MissingDlqKeyError,
  NonRetryableError,
  parseDlqKey,
} from '@verity/messaging';
import { Logger } from '@verity/telemetry';

// Dead letters of sensitive topics are sealed with AES-256-GCM: round trip, wrong key, tampering,
// key parsing, and the ConsumerRunner writing them sealed (fake consumer and DLQ producer).

const key = () => randomBytes(32);
const aad = dlqAad('content.v1', 3, '42');

describe('DlqCipher', () => {
  it('round-trips, with a fresh IV each time and no clear text in the sealed bytes', () => {
    const c = new DlqCipher(key());
    const plain = Buffer.from('call me at alice@example.org, +33 6 12 34 56 78');
    const a = c.seal(plain, aad);
    const b = c.seal(plain, aad);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('alice@example.org'))).toBe(false);
    expect(a.length).toBe(1 + 12 + plain.length + 16);
    expect(c.open(a, aad).equals(plain)).toBe(true);
  });

  it('refuses a wrong key, altered bytes, and bytes moved to another record', () => {
    const c = new DlqCipher(key());
    const sealed = c.seal(Buffer.from('secret'), aad);
    expect(() => new DlqCipher(key()).open(sealed, aad)).toThrow(DlqDecryptError);
    const altered = Buffer.from(sealed);
    altered[20] ^= 1;
    expect(() => c.open(altered, aad)).toThrow(/cannot be decrypted/);
    expect(() => c.open(sealed, dlqAad('content.v1', 3, '43'))).toThrow(DlqDecryptError);
    expect(() => c.open(Buffer.from('short'), aad)).toThrow(/unknown format/);
  });

  it('names its key by a stable id that differs between keys', () => {
    const k = key();
    expect(new DlqCipher(k).keyId).toBe(new DlqCipher(Buffer.from(k)).keyId);
    expect(new DlqCipher(k).keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(new DlqCipher(key()).keyId).not.toBe(new DlqCipher(k).keyId);
  });

  it('parses DLQ_ENCRYPTION_KEY as base64 of exactly 32 bytes', () => {
    const k = key();
    expect(parseDlqKey(k.toString('base64')).equals(k)).toBe(true);
    expect(parseDlqKey(k.toString('base64url')).equals(k)).toBe(true);
    expect(DlqCipher.fromBase64(` ${k.toString('base64')}\n`).keyId).toBe(new DlqCipher(k).keyId);
    expect(() => parseDlqKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes \(got 16\)/);
    expect(() => parseDlqKey('not base64!')).toThrow(/must be base64/);
    expect(() => new DlqCipher(randomBytes(31))).toThrow(/32 bytes/);
  });

  it('content.v1 is a sensitive topic in the contracts', () => {
    expect(TOPICS.content.sensitive).toBe(true);
    expect(TOPICS.labels.sensitive).toBeFalsy();
  });
});

describe('ConsumerRunner dead letters of a sensitive topic', () => {
  const codec: EventCodec = {
    encode: (_t, e) => Buffer.from(JSON.stringify(e)),
    decode: <E>(_t: EventTopic<E>, bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString()) as E,
    typeName: () => 'unit.Event',
    eventId: (e) => (e as unknown as { id: string }).id,
  };
  const base = { partitions: 1, retentionMs: -1, cleanupPolicy: 'delete' as const, keyOf: (e: { id: string }) => e.id };
  const sensitive: EventTopic<{ id: string; text: string }> = { ...base, name: 'unit.content', sensitive: true };
  const plain: EventTopic<{ id: string; text: string }> = { ...base, name: 'unit.plain' };

  function fakes() {
    const sent: { topic: string; key: string | null; value: Buffer; headers: Record<string, string | Buffer> }[] = [];
    const producer = {
      connect: async () => undefined,
      publishRaw: async (t: string, rs: { key: string | null; value: Buffer; headers: Record<string, string | Buffer> }[]) => {
        for (const r of rs) sent.push({ topic: t, ...r });
      },
    } as unknown as EventProducer;
    let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
    const kafka = {
      consumer: () => ({
        events: { CRASH: 'crash' },
        on: () => undefined,
        connect: async () => undefined,
        subscribe: async () => undefined,
        disconnect: async () => undefined,
        run: async (cfg: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => void (eachBatch = cfg.eachBatch),
      }),
    } as unknown as Kafka;
    const deliver = (topic: string, value: string, offset = '7') =>
      eachBatch!({
        batch: {
          topic,
          partition: 2,
          messages: [{ offset, key: Buffer.from('src:1'), value: Buffer.from(value), headers: { 'verity-event-id': 'e1' }, timestamp: '0', attributes: 0 } as unknown as KafkaMessage],
        } as unknown as EachBatchPayload['batch'],
        resolveOffset: () => undefined,
        heartbeat: async () => undefined,
        commitOffsetsIfNecessary: async () => undefined,
        uncommittedOffsets: () => ({ topics: [] }),
        isRunning: () => true,
        isStale: () => false,
        pause: () => () => undefined,
      });
    return { sent, producer, kafka, deliver };
  }

  const logger = new Logger('unit', 'error');

  it('refuses to subscribe to a sensitive topic without a DLQ key, naming DLQ_ENCRYPTION_KEY', () => {
    const { kafka, producer } = fakes();
    const r = new ConsumerRunner(kafka, codec, producer, { groupId: 'g', logger });
    expect(() => r.subscribe(sensitive, async () => undefined)).toThrow(MissingDlqKeyError);
    expect(() => r.subscribeBatch(sensitive, async () => undefined)).toThrow(/DLQ_ENCRYPTION_KEY is required: unit.content is sensitive/);
    expect(() => r.subscribe(plain, async () => undefined)).not.toThrow();
  });

  it('seals the value of a sensitive topic’s dead letter and keeps other topics’ bytes unchanged', async () => {
    const { kafka, producer, sent, deliver } = fakes();
    const cipher = new DlqCipher(key());
    const r = new ConsumerRunner(kafka, codec, producer, { groupId: 'g', logger, dlqCipher: cipher })
      .subscribe(sensitive, async () => {
        throw new NonRetryableError('bad content');
      })
      .subscribe(plain, async () => {
        throw new NonRetryableError('bad plain');
      });
    await r.start();
    const secret = JSON.stringify({ id: 'e1', text: 'alice@example.org' });
    await deliver('unit.content', secret);
    await deliver('unit.plain', secret);
    expect(sent.map((s) => s.topic)).toEqual(['unit.content.dlq', 'unit.plain.dlq']);
    const [sealed, clear] = sent;
    expect(sealed.value.includes(Buffer.from('alice@example.org'))).toBe(false);
    expect(sealed.headers[HEADER.dlqEncryption]).toBe('aes-256-gcm');
    expect(sealed.headers[HEADER.dlqKeyId]).toBe(cipher.keyId);
    expect(sealed.headers[HEADER.errorMessage]).toBe('bad content');
    expect(sealed.key).toBe('src:1');
    expect(cipher.open(sealed.value, dlqAad('unit.content', 2, '7')).toString()).toBe(secret);
    expect(clear.value.toString()).toBe(secret);
    expect(clear.headers[HEADER.dlqEncryption]).toBeUndefined();
  });
});
