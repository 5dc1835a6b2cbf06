import type { Kafka } from 'kafkajs';
import { TopicTap } from '../src/topic-tap';

type Message = { offset: string; key: Buffer | null; value: Buffer; headers: Record<string, Buffer> };

/** An in-memory fake of the kafkajs client parts TopicTap uses: one topic, the end offsets at start. */
class FakeKafka {
  readonly seeks: { partition: number; offset: string }[] = [];
  private readonly listeners = new Map<string, () => void>();
  private eachMessage?: (p: { partition: number; message: Message }) => Promise<void>;

  constructor(private readonly ends: { partition: number; offset: string }[]) {}

  admin() {
    return { connect: async () => {}, disconnect: async () => {}, fetchTopicOffsets: async () => this.ends };
  }

  consumer() {
    return {
      events: { GROUP_JOIN: 'consumer.group_join' },
      on: (event: string, fn: () => void) => this.listeners.set(event, fn),
      connect: async () => {},
      subscribe: async () => {},
      run: async (o: { eachMessage: FakeKafka['eachMessage'] }) => {
        this.eachMessage = o.eachMessage;
      },
      seek: (s: { partition: number; offset: string }) => this.seeks.push({ partition: s.partition, offset: s.offset }),
      disconnect: async () => {},
    };
  }

  /** The consumer rejoined its group (a broker restart, a crash kafkajs restarted from). */
  rejoin() {
    this.listeners.get('consumer.group_join')?.();
  }

  async deliver(partition: number, offset: number) {
    await this.eachMessage!({ partition, message: { offset: String(offset), key: null, value: Buffer.from(`r${partition}:${offset}`), headers: {} } });
  }
}

describe('TopicTap', () => {
  it('starts at the end offsets and, after a rejoin, seeks back to the record after the last one collected, keeping a re-fetched record once', async () => {
    const kafka = new FakeKafka([
      { partition: 0, offset: '5' },
      { partition: 1, offset: '0' },
    ]);
    const tap = await new TopicTap(kafka as unknown as Kafka, 't').start();
    expect(kafka.seeks).toEqual([
      { partition: 0, offset: '5' },
      { partition: 1, offset: '0' },
    ]);

    await kafka.deliver(0, 5);
    await kafka.deliver(0, 6);
    kafka.seeks.length = 0;
    kafka.rejoin(); // without the seek the group would start at the latest offset and skip what came meanwhile
    expect(kafka.seeks).toEqual([
      { partition: 0, offset: '7' },
      { partition: 1, offset: '0' },
    ]);

    await kafka.deliver(0, 6); // fetched again after the rejoin
    await kafka.deliver(0, 7);
    await kafka.deliver(1, 0);
    expect(tap.records.map((r) => r.value.toString())).toEqual(['r0:5', 'r0:6', 'r0:7', 'r1:0']);
  });
});
