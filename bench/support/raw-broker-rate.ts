import { Kafka } from 'kafkajs';
import { TOPICS } from '@verity/contracts';
import { ensureTopics } from '@verity/messaging';

/**
 * The broker's own produce and consume rate for the given payloads (idempotent producer,
 * acks=all, one consumer), on a scratch topic deleted afterwards: the yardstick a pipeline
 * figure is read against, measured in the same run.
 */
export async function rawBrokerRate(kafka: Kafka, payloads: Buffer[], batch = 500) {
  const topic = { ...TOPICS.content, name: `bench.raw.${Date.now().toString(36)}` };
  await ensureTopics(kafka, [topic]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const t0 = performance.now();
  for (let i = 0; i < payloads.length; i += batch) {
    await producer.send({
      topic: topic.name,
      acks: -1,
      messages: payloads.slice(i, i + batch).map((value, j) => ({ key: `k${i + j}`, value })),
    });
  }
  const produceS = (performance.now() - t0) / 1000;
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic.name}.g` });
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: true });
  let n = 0;
  const t1 = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async () => {
        if (++n === payloads.length) resolve();
      },
    });
  });
  const consumeS = (performance.now() - t1) / 1000;
  await consumer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic.name, `${topic.name}.dlq`] }).catch(() => undefined);
  await admin.disconnect();
  return { produceRate: payloads.length / produceS, consumeRate: payloads.length / consumeS };
}
