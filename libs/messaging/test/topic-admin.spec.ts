import type { Kafka } from 'kafkajs';
import { ensureTopics, type EventTopic } from '@verity/messaging';

/** In-memory fake of the kafkajs admin client: metadata fails `failures` times, retriably or not. */
function fakeKafka(failures: number, retriable: boolean) {
  const calls = { metadata: 0, created: [] as string[] };
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['t', 't.dlq'],
    createTopics: async ({ topics }: { topics: { topic: string }[] }) => void calls.created.push(...topics.map((x) => x.topic)),
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      calls.metadata++;
      if (calls.metadata <= failures) throw Object.assign(new Error('This server does not host this topic-partition'), { retriable });
      return { topics: topics.map((name) => ({ name, partitions: [{}, {}, {}] })) };
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, calls };
}

const topic = { name: 't', partitions: 3, cleanupPolicy: 'delete', retentionMs: 1000 } as unknown as EventTopic<unknown>;

describe('ensureTopics', () => {
  it('retries a topic another service has just created, until its partitions have leaders', async () => {
    const { kafka, calls } = fakeKafka(1, true);
    await expect(ensureTopics(kafka, [topic])).resolves.toEqual([]);
    expect(calls.metadata).toBe(2);
  });

  it('does not retry an error that is not retriable', async () => {
    const { kafka, calls } = fakeKafka(5, false);
    await expect(ensureTopics(kafka, [topic])).rejects.toThrow('does not host');
    expect(calls.metadata).toBe(1);
  });

  it('gives up after the given number of attempts', async () => {
    const { kafka, calls } = fakeKafka(10, true);
    await expect(ensureTopics(kafka, [topic], undefined, 2)).rejects.toThrow('does not host');
    expect(calls.metadata).toBe(2);
  });
});
