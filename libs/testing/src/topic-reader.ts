import { Kafka, KafkaMessage } from 'kafkajs';

export interface ReadRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Reads every record of a topic from the beginning with a throwaway consumer group, until
 * `count` records are in or the timeout passes. For asserting what really reached the broker.
 */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 30000): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: `reader-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  const out: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${out.length} of ${count} records from ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
          out.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0), headers });
          if (out.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}
