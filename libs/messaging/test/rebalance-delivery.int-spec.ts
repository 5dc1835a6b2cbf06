import { Kafka } from 'kafkajs';
import type { ContentEvent } from '@verity/contracts';
import { ConsumerRunner, createKafka, ensureTopics, EventProducer, protobufCodec } from '@verity/messaging';
import { contentEvent, eventually, privateContentTopic, stackEnv, uniqueName } from '@verity/testing';

// Delivery under churn, at the runner level: while records stream in, members join and leave one
// group every few seconds, handlers are slow at random and fail transiently at random (pausing
// their partition). Every record must be handled at least once, and the group's committed
// offsets must reach the ends: a rebalance may repeat a record, never skip one.
const RECORDS = 400;
const PARTITIONS = 6;

class ChurnError extends Error {
  readonly code = 'ECONNRESET'; // classified transient: the partition pauses and retries
}

describe('delivery under rebalance churn on a real broker', () => {
  const env = stackEnv();
  let kafka: Kafka;
  let producer: EventProducer;

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.brokers, clientId: 'churn-it' });
    producer = new EventProducer(kafka, protobufCodec, 'churn-it');
    await producer.connect();
  });

  afterAll(() => producer.disconnect());

  for (const kind of ['record', 'batch'] as const) {
    it(`${kind} handlers: members joining and leaving every 3 s lose no record and the group catches up`, async () => {
      const topic = privateContentTopic(PARTITIONS);
      await ensureTopics(kafka, [topic]);
      const groupId = uniqueName(`churn-${kind}`);
      const handled = new Set<string>();
      const failedOnce = new Set<string>();
      let rng = 7;
      const random = () => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const handleOne = async (e: ContentEvent) => {
        await new Promise((r) => setTimeout(r, random() * 30));
        const id = e.envelope!.eventId;
        if (!failedOnce.has(id) && random() < 0.05) {
          failedOnce.add(id);
          throw new ChurnError('dependency reset');
        }
        handled.add(id);
      };
      const member = () => {
        const r = new ConsumerRunner(kafka, protobufCodec, producer, {
          groupId,
          sessionTimeoutMs: 10000,
          maxBatchRecords: 7,
          retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200, transientMaxDelayMs: 500 },
        });
        if (kind === 'record') r.subscribe(topic, handleOne);
        else r.subscribeBatch(topic, async (records) => {
          for (const { event } of records) await handleOne(event);
        });
        return r;
      };

      const sent: string[] = [];
      const publishing = (async () => {
        for (let i = 0; i < RECORDS; i += 10) {
          const events = Array.from({ length: 10 }, (_, j) => contentEvent(`churn-${i + j}`));
          await producer.publishMany(topic, events);
          sent.push(...events.map((e) => e.envelope!.eventId));
          await new Promise((r) => setTimeout(r, 150));
        }
      })();

      const steady = member();
      await steady.start();
      const churn: ConsumerRunner[] = [];
      try {
        for (let round = 0; round < 5; round++) {
          const joiner = member();
          churn.push(joiner);
          await joiner.start();
          await new Promise((r) => setTimeout(r, 3000));
          if (churn.length > 1) await churn.shift()!.stop();
        }
        await publishing;
        await eventually(
          `all ${RECORDS} records handled`,
          () => (sent.every((id) => handled.has(id)) ? true : undefined),
          120000,
          500,
        ).catch((err: Error) => {
          throw new Error(`${err.message}: ${sent.filter((id) => !handled.has(id)).length} never handled`);
        });
        const admin = kafka.admin();
        await admin.connect();
        try {
          await eventually(
            'committed offsets at the ends',
            async () => {
              const [committed] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
              const ends = await admin.fetchTopicOffsets(topic.name);
              return ends.every((e) => committed.partitions.find((p) => p.partition === e.partition)?.offset === e.high) ? true : undefined;
            },
            60000,
            500,
          );
        } finally {
          await admin.disconnect();
        }
        expect(handled.size).toBe(RECORDS);
      } finally {
        for (const r of churn) await r.stop();
        await steady.stop();
      }
    }, 240000);
  }
});
