import { Kafka } from 'kafkajs';
import {
  ConsumerRunner,
  createKafka,
  dlqName,
  ensureTopics,
  EventProducer,
  HEADER,
  protobufCodec,
} from '@verity/messaging';
import { decodeEvent } from '@verity/contracts';
import { contentEvent, eventually, privateContentTopic, readTopic, stackEnv, uniqueName } from '@verity/testing';

// ConsumerRunner.subscribeBatch against the real Kafka broker started by deploy/local.
describe('batch consumption on a real broker', () => {
  const env = stackEnv();
  let kafka: Kafka;
  let producer: EventProducer;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.brokers, clientId: 'batch-it' });
    producer = new EventProducer(kafka, protobufCodec, 'batch-it');
    await producer.connect();
  });

  afterAll(async () => {
    for (const r of runners) await r.stop();
    await producer.disconnect();
  });

  function runner(groupId: string, opts: { attempts?: number; autoCommitIntervalMs?: number } = {}) {
    const r = new ConsumerRunner(kafka, protobufCodec, producer, {
      groupId,
      retry: { attempts: opts.attempts ?? 2, initialDelayMs: 50, maxDelayMs: 100 },
      autoCommitIntervalMs: opts.autoCommitIntervalMs,
    });
    runners.push(r);
    return r;
  }

  async function committedOffset(groupId: string, topic: string): Promise<string> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return t.partitions[0].offset;
    } finally {
      await admin.disconnect();
    }
  }

  it('a poison record in a batch goes to the DLQ alone, with its reason, and its neighbours are applied once', async () => {
    const topic = privateContentTopic(1); // one partition: the three records come as one batch
    await ensureTopics(kafka, [topic]);
    const sent = [contentEvent('before'), contentEvent('poison'), contentEvent('after')];
    await producer.publishMany(topic, sent);

    const applied: string[] = [];
    const batchSizes: number[] = [];
    const group = uniqueName('g');
    const r = runner(group);
    await r
      .subscribeBatch(topic, async (records) => {
        batchSizes.push(records.length);
        const bad = records.find((x) => x.event.sourceId === 'poison');
        if (bad) throw new Error(`cannot apply ${bad.event.sourceId} at offset ${bad.ctx.offset}`);
        applied.push(...records.map((x) => x.event.sourceId));
      })
      .start();

    await eventually('neighbours applied', () => (applied.includes('before') && applied.includes('after') ? true : undefined), 60000);
    const [dead] = await readTopic(kafka, dlqName(topic.name), 1);
    expect(decodeEvent(topic, dead.value).envelope?.eventId).toBe(sent[1].envelope!.eventId);
    expect(dead.headers[HEADER.errorMessage]).toBe('cannot apply poison at offset 1');
    expect(dead.headers[HEADER.originalOffset]).toBe('1');
    expect(dead.headers[HEADER.attempts]).toBe('2');
    expect(applied.sort()).toEqual(['after', 'before']);
    expect(batchSizes[0]).toBe(3); // tried as one batch first
    expect(r.stats).toMatchObject({ processed: 2, deadLettered: 1, batchesSplit: 1 });
    // Only the poison record reached the DLQ.
    await expect(readTopic(kafka, dlqName(topic.name), 2, 3000)).rejects.toThrow(/read 1 of 2/);
    await eventually('offsets committed past the batch', async () => ((await committedOffset(group, topic.name)) === '3' ? true : undefined), 30000);
  }, 90000);

  it('commits a batch offset only after its handler finished', async () => {
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    await producer.publishMany(topic, [contentEvent('x1'), contentEvent('x2'), contentEvent('x3')]);
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    let entered = false;
    let finished = false;
    const group = uniqueName('g');
    await runner(group, { autoCommitIntervalMs: 100 })
      .subscribeBatch(topic, async () => {
        entered = true;
        await gate;
        finished = true;
      })
      .start();

    await eventually('handler entered', () => (entered ? true : undefined), 60000);
    await new Promise((res) => setTimeout(res, 1500)); // many auto-commit intervals pass
    expect(await committedOffset(group, topic.name)).toBe('-1'); // nothing committed mid-batch
    release();
    await eventually('handler finished', () => (finished ? true : undefined));
    await eventually('offset committed after the batch', async () => ((await committedOffset(group, topic.name)) === '3' ? true : undefined), 30000);
  }, 90000);
});
