import {
  ConsumerRunner,
  createKafka,
  dlqName,
  ensureTopics,
  EventProducer,
  HEADER,
  MessageContext,
  NonRetryableError,
  protobufCodec,
} from '@verity/messaging';
import { Kafka } from 'kafkajs';
import { context } from '@opentelemetry/api';
import { ContentEvent, decodeEvent } from '@verity/contracts';
import { SpanKind, startTelemetry, trace, withSpan } from '@verity/telemetry';
import {
  contentEvent,
  eventually,
  privateContentTopic,
  readTopic,
  stackEnv,
  uniqueName,
} from '@verity/testing';

// Against the real Kafka broker started by deploy/local.
describe('messaging on a real broker', () => {
  const env = stackEnv();
  const telemetry = startTelemetry({ serviceName: 'messaging-it' });
  let kafka: Kafka;
  let producer: EventProducer;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.brokers, clientId: 'messaging-it' });
    producer = new EventProducer(kafka, protobufCodec, 'messaging-it');
    await producer.connect();
  });

  afterAll(async () => {
    for (const r of runners) await r.stop();
    await producer.disconnect();
    await telemetry.shutdown();
  });

  function runner(groupId: string, attempts = 3) {
    const r = new ConsumerRunner(kafka, protobufCodec, producer, {
      groupId,
      retry: { attempts, initialDelayMs: 50, maxDelayMs: 200 },
    });
    runners.push(r);
    return r;
  }

  it('creates the topic and its DLQ twin, and checks them on a second start', async () => {
    const topic = privateContentTopic(4);
    const created = await ensureTopics(kafka, [topic]);
    expect(created.sort()).toEqual([topic.name, dlqName(topic.name)].sort());
    expect(await ensureTopics(kafka, [topic])).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [topic.name] });
    await admin.disconnect();
    expect(meta.topics[0].partitions).toHaveLength(4);
    await expect(ensureTopics(kafka, [{ ...topic, partitions: 8 }])).rejects.toThrow(
      /has 4 partitions; the contract needs 8/,
    );
  });

  it('round-trips typed events with keys, headers and the trace context', async () => {
    const topic = privateContentTopic();
    await ensureTopics(kafka, [topic]);
    const sent = [contentEvent('a'), contentEvent('b'), contentEvent('c')];
    let traceId = '';
    await withSpan('test-root', SpanKind.INTERNAL, context.active(), {}, async (span) => {
      traceId = span.spanContext().traceId;
      await producer.publishMany(topic, sent);
    });

    const got: { event: ContentEvent; ctx: MessageContext; traceId?: string }[] = [];
    await runner(uniqueName('g'))
      .subscribe(topic, async (event, ctx) => {
        got.push({ event, ctx, traceId: trace.getActiveSpan()?.spanContext().traceId });
      })
      .start();
    await eventually('3 events consumed', () => (got.length >= 3 ? true : undefined));

    expect(got.map((g) => g.event.envelope?.eventId).sort()).toEqual(
      sent.map((e) => e.envelope!.eventId).sort(),
    );
    for (const g of got) {
      expect(g.ctx.key).toBe(`it:${g.event.sourceId}`);
      expect(g.ctx.eventId).toBe(g.event.envelope!.eventId);
      expect(g.ctx.headers[HEADER.type]?.toString()).toBe('verity.content.v1.ContentEvent');
      expect(g.traceId).toBe(traceId); // the consumer span continues the producer's trace
      expect(g.event.body).toEqual({ case: 'text', value: `text of ${g.event.sourceId}` });
    }
  });

  it('retries a failing record, then dead-letters it with headers, and goes on with the next', async () => {
    const topic = privateContentTopic(1); // one partition: the poison record is in front of the good one
    await ensureTopics(kafka, [topic]);
    const poison = contentEvent('poison');
    const good = contentEvent('good');
    await producer.publish(topic, poison);
    await producer.publish(topic, good);

    const attemptsSeen: number[] = [];
    const handled: string[] = [];
    const r = runner(uniqueName('g'), 3);
    await r
      .subscribe(topic, async (event, ctx) => {
        if (event.sourceId === 'poison') {
          attemptsSeen.push(ctx.attempt);
          throw new Error('boom: cannot process');
        }
        handled.push(event.sourceId);
      })
      .start();

    await eventually('good record handled after the poison one', () =>
      handled.includes('good') ? true : undefined,
    );
    expect(attemptsSeen).toEqual([1, 2, 3]);

    const [dead] = await readTopic(kafka, dlqName(topic.name), 1);
    expect(dead.headers[HEADER.errorClass]).toBe('Error');
    expect(dead.headers[HEADER.errorMessage]).toBe('boom: cannot process');
    expect(dead.headers[HEADER.originalTopic]).toBe(topic.name);
    expect(dead.headers[HEADER.originalPartition]).toBe('0');
    expect(dead.headers[HEADER.originalOffset]).toBe('0');
    expect(dead.headers[HEADER.attempts]).toBe('3');
    // The original bytes are kept unchanged: the record decodes to the same event.
    expect(decodeEvent(topic, dead.value).envelope?.eventId).toBe(poison.envelope!.eventId);
    expect(r.stats).toMatchObject({ deadLettered: 1, retried: 2 });
  });

  it('dead-letters undecodable bytes and non-retryable errors at once, without retrying', async () => {
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    await producer.publishRaw(topic.name, [
      { key: 'x', value: Buffer.from('not protobuf at all \xff\xff'), headers: {} },
    ]);
    await producer.publish(topic, contentEvent('invalid'));
    const calls: string[] = [];
    await runner(uniqueName('g'), 5)
      .subscribe(topic, async (event) => {
        calls.push(event.sourceId);
        throw new NonRetryableError('source_id "invalid" is not allowed');
      })
      .start();
    const dead = await readTopic(kafka, dlqName(topic.name), 2);
    const byOffset = Object.fromEntries(
      dead.map((d) => [d.headers[HEADER.originalOffset], d.headers]),
    );
    expect(byOffset['0'][HEADER.errorClass]).toBe('ContractError');
    expect(byOffset['0'][HEADER.attempts]).toBe('1');
    expect(byOffset['1'][HEADER.errorClass]).toBe('NonRetryableError');
    expect(byOffset['1'][HEADER.errorMessage]).toMatch(/not allowed/);
    expect(byOffset['1'][HEADER.attempts]).toBe('1');
    expect(calls).toEqual(['invalid']);
  });
});
