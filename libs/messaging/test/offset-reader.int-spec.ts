import { Kafka } from 'kafkajs';
import { createKafka, ensureTopics, readOffsetRanges } from '@verity/messaging';
import { privateContentTopic, stackEnv } from '@verity/testing';

// readOffsetRanges on the real broker: exactly the asked offsets, several ranges of one partition,
// and throwaway groups that do not outlive the read.
describe('readOffsetRanges on a real broker', () => {
  const env = stackEnv();
  let kafka: Kafka;

  beforeAll(() => {
    kafka = createKafka({ brokers: env.brokers, clientId: 'offset-reader-it' });
  });

  it('reads the asked offsets of the asked partitions, and nothing else', async () => {
    const topic = privateContentTopic(2);
    await ensureTopics(kafka, [topic]);
    // 30 records on partition 0 and 5 on partition 1: raw records with explicit partitions.
    const raw = (p: number, i: number) => ({ key: `k${p}-${i}`, value: Buffer.from(`p${p}-${i}`), headers: {}, partition: p });
    const k = kafka.producer();
    await k.connect();
    await k.send({ topic: topic.name, messages: [...Array.from({ length: 30 }, (_, i) => raw(0, i)), ...Array.from({ length: 5 }, (_, i) => raw(1, i))] });
    await k.disconnect();

    const started = Date.now();
    const got = await readOffsetRanges(
      kafka,
      [
        { topic: topic.name, partition: 0, from: 3, to: 6 },
        { topic: topic.name, partition: 0, from: 25, to: 27 },
        { topic: topic.name, partition: 0, from: 5, to: 8 },
        { topic: topic.name, partition: 1, from: 4, to: 5 },
      ],
      { groupPrefix: 'offset-reader-it', timeoutMs: 10000 },
    );
    const values = got.map((r) => `${r.partition}:${r.offset}=${r.value!.toString()}`).sort();
    expect(values).toEqual(['0:25=p0-25', '0:26=p0-26', '0:3=p0-3', '0:4=p0-4', '0:5=p0-5', '0:6=p0-6', '0:7=p0-7', '1:4=p1-4'].sort());
    expect(Date.now() - started).toBeLessThan(8000); // covered ranges end the read, not the timeout

    // The readers' throwaway groups are gone.
    const admin = kafka.admin();
    await admin.connect();
    const left = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith('offset-reader-it-'));
    await admin.disconnect();
    expect(left).toEqual([]);
  });
});
