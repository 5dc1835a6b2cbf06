import { Kafka } from 'kafkajs';
import { dlqName, EventTopic } from './event-topic';

/**
 * Creates each topic and its DLQ twin when missing, and checks that an existing topic has
 * at least the partitions the contract asks for. Run at service start-up, before consuming.
 */
export interface DlqSettings {
  partitions: number;
  retentionMs: number;
}

/** Dead letters are unprocessed data: kept until redriven or deliberately purged. */
export const DEFAULT_DLQ: DlqSettings = { partitions: 3, retentionMs: -1 };

/**
 * On a fresh broker several services create topics at once: a topic another service just created
 * is listed before its partitions have leaders, and metadata then answers "does not host this
 * topic-partition". Such retriable errors are retried with backoff (about 30 s in all).
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: EventTopic<unknown>[],
  dlq: DlqSettings = DEFAULT_DLQ,
  attempts = 8,
): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureTopicsOnce(kafka, topics, dlq);
    } catch (err) {
      const retriable = (err as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.min(8000, 250 * 2 ** attempt)));
    }
  }
}

async function ensureTopicsOnce(kafka: Kafka, topics: EventTopic<unknown>[], dlq: DlqSettings): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = new Map<string, EventTopic<unknown>>();
    for (const t of topics) {
      wanted.set(t.name, t);
      wanted.set(dlqName(t.name), { ...t, name: dlqName(t.name), cleanupPolicy: 'delete', ...dlq });
    }
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted.values()].filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: -1, // the broker's default: 1 locally, 3 in a cluster
          configEntries: [
            { name: 'cleanup.policy', value: t.cleanupPolicy },
            { name: 'retention.ms', value: String(t.retentionMs) },
          ],
        })),
      });
    }
    const present = [...wanted.keys()].filter((n) => existing.has(n));
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: present });
      for (const tm of meta.topics) {
        const want = wanted.get(tm.name)!;
        if (tm.partitions.length < want.partitions) {
          throw new Error(
            `topic ${tm.name} has ${tm.partitions.length} partitions; the contract needs ${want.partitions}`,
          );
        }
      }
    }
    return missing.map((t) => t.name);
  } finally {
    await admin.disconnect();
  }
}
