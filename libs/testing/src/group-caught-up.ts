import type { Kafka } from 'kafkajs';
import { eventually } from './stack-env';

/**
 * Waits until consumer group `groupId` has committed, on every partition of `topic`, the end
 * offset the topic had when this was called: everything published before now has been handled.
 */
export async function untilGroupCaughtUp(kafka: Kafka, groupId: string, topic: string, timeoutMs = 60000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    await eventually(
      `group ${groupId} to catch up with ${topic}`,
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const behind = ends.filter((e) => {
          const c = committed?.partitions.find((p) => p.partition === e.partition)?.offset ?? '-1';
          return Number(e.high) > 0 && Number(c) < Number(e.high);
        });
        return behind.length === 0 ? true : undefined;
      },
      timeoutMs,
    );
  } finally {
    await admin.disconnect();
  }
}
