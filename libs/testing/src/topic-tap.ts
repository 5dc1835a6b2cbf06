import { Consumer, Kafka } from 'kafkajs';

export interface TappedRecord {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Collects every record written to a topic after start(): it seeks each partition to the end
 * offset it had at start, so a test sees only what it caused, however long the topic is.
 */
export class TopicTap {
  readonly records: TappedRecord[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  async start(): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(this.topic);
    await admin.disconnect();
    const groupId = `tap-${this.topic}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const consumer = this.kafka.consumer({ groupId });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
        this.records.push({ key: message.key?.toString() ?? null, value: message.value ?? Buffer.alloc(0), headers });
      },
    });
    for (const { partition, offset } of ends) consumer.seek({ topic: this.topic, partition, offset });
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
