import { Kafka } from 'kafkajs';

/** A consumer group and the topics it reads. */
export interface GroupTopics {
  groupId: string;
  topics: string[];
}

/** How far one group is behind on one partition. */
export interface PartitionLagEntry {
  group: string;
  topic: string;
  partition: number;
  /** High-water mark minus the committed offset (minus the log start before a first commit). */
  lag: number;
}

/** Lag of one partition: what is past the committed offset (or past the start, before a first commit). */
export function partitionLag(committed: number | null, low: number, end: number): number {
  return Math.max(0, end - Math.max(committed ?? low, low));
}

/**
 * The lag of each group on each partition of its topics, from kafkajs admin: committed offsets
 * (`fetchOffsets`) against each partition's log start and high-water mark (`fetchTopicOffsets`).
 * A topic that does not exist (yet) is left out.
 */
export async function consumerLag(kafka: Kafka, groups: readonly GroupTopics[]): Promise<PartitionLagEntry[]> {
  const wanted = groups.filter((g) => g.topics.length > 0);
  if (wanted.length === 0) return [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const read = wanted
      .map((g) => ({ groupId: g.groupId, topics: [...new Set(g.topics)].filter((t) => existing.has(t)).sort() }))
      .filter((g) => g.topics.length > 0);
    // One request per group and one per topic, in parallel: a scrape waits for the slowest only.
    const [committedByGroup, ends] = await Promise.all([
      Promise.all(read.map((g) => admin.fetchOffsets({ groupId: g.groupId, topics: g.topics }))),
      Promise.all(
        [...new Set(read.flatMap((g) => g.topics))].map(async (topic) => {
          const offsets = await admin.fetchTopicOffsets(topic);
          return [topic, offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort((a, b) => a.partition - b.partition)] as const;
        }),
      ).then((entries) => new Map(entries)),
    ]);
    const out: PartitionLagEntry[] = [];
    read.forEach((g, i) => {
      const committed = new Map<string, number>();
      for (const t of committedByGroup[i]) {
        for (const p of t.partitions) if (Number(p.offset) >= 0) committed.set(`${t.topic}:${p.partition}`, Number(p.offset));
      }
      for (const topic of g.topics) {
        for (const { partition, low, high } of ends.get(topic) ?? []) {
          out.push({ group: g.groupId, topic, partition, lag: partitionLag(committed.get(`${topic}:${partition}`) ?? null, low, high) });
        }
      }
    });
    return out;
  } finally {
    await admin.disconnect();
  }
}
