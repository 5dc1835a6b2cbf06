import { Consumer, Kafka } from 'kafkajs';

export interface TappedRecord {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Collects every record written to a topic after start(): it seeks each partition to the end
 * offset it had at start, so a test sees only what it caused, however long the topic is.
 *
 * It keeps no group offsets, so it remembers itself where it is on each partition: when its
 * consumer rejoins (a broker restart, a coordinator moving, a crash kafkajs restarts from), it
 * seeks back there instead of letting the group start at the latest offset, which would skip
 * what was written meanwhile. A record fetched twice is kept once. `onRecord` sees each kept
 * record as it arrives (the demo decodes and filters them live). Tests and the demo use it.
 */
export class TopicTap {
  readonly records: TappedRecord[] = [];
  private consumer?: Consumer;
  /** Partition → the next offset to collect. */
  private readonly next = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
    private readonly onRecord?: (r: TappedRecord) => void,
  ) {}

  async start(): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(this.topic);
    await admin.disconnect();
    for (const { partition, offset } of ends) this.next.set(partition, BigInt(offset));
    const groupId = `tap-${this.topic}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const consumer = this.kafka.consumer({ groupId });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => this.seekToNext(consumer));
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = BigInt(message.offset);
        if (offset < (this.next.get(partition) ?? 0n)) return; // collected before a rejoin
        this.next.set(partition, offset + 1n);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
        const record = { key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0), headers };
        this.records.push(record);
        this.onRecord?.(record);
      },
    });
    this.seekToNext(consumer);
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private seekToNext(consumer: Consumer): void {
    try {
      for (const [partition, offset] of this.next) consumer.seek({ topic: this.topic, partition, offset: offset.toString() });
    } catch {
      // Not running (stopping): nothing left to collect.
    }
  }
}
