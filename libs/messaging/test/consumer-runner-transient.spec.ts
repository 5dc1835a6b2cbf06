import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { ConsumerRunner, EventCodec, EventProducer, EventTopic, HEADER } from '@verity/messaging';
import { Logger } from '@verity/telemetry';
import { PartitionStalls } from '../src/partition-stalls'; // the runner's bookkeeping, not exported

// Transient failures without a broker: a fake kafkajs consumer plays batches through the runner's
// eachBatch callback and records pauses, resumes, resolved offsets and heartbeats.

interface TestEvent {
  id: string;
}

const topic: EventTopic<TestEvent> = { name: 'unit.transient', partitions: 2, retentionMs: -1, cleanupPolicy: 'delete', keyOf: (e) => e.id };

const codec: EventCodec = {
  encode: (_t, e) => Buffer.from(JSON.stringify(e)),
  decode: <E>(_t: EventTopic<E>, bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString()) as E,
  typeName: () => 'unit.TestEvent',
  eventId: (e) => (e as unknown as TestEvent).id,
};

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' });
}

class FakeKafka {
  eachBatch?: (p: EachBatchPayload) => Promise<void>;
  readonly resolved: string[] = [];
  readonly heartbeats: number[] = [];
  readonly paused = new Set<number>();
  readonly pauses: number[] = [];

  consumer() {
    return {
      events: { CRASH: 'crash', GROUP_JOIN: 'join' },
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => undefined,
      disconnect: async () => undefined,
      run: async (cfg: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => void (this.eachBatch = cfg.eachBatch),
    };
  }

  /** One fetched batch of `partition`, as kafkajs hands it over (nothing is fetched from a paused partition). */
  async deliver(partition: number, ids: string[], firstOffset = 0): Promise<void> {
    if (this.paused.has(partition)) throw new Error(`partition ${partition} is paused: kafkajs would not fetch it`);
    const messages = ids.map(
      (id, i) => ({ offset: String(firstOffset + i), key: Buffer.from(id), value: Buffer.from(JSON.stringify({ id })), headers: {}, timestamp: '0', attributes: 0 }) as KafkaMessage,
    );
    await this.eachBatch!({
      batch: { topic: topic.name, partition, messages } as unknown as EachBatchPayload['batch'],
      resolveOffset: (o: string) => void this.resolved.push(`${partition}:${o}`),
      heartbeat: async () => void this.heartbeats.push(Date.now()),
      commitOffsetsIfNecessary: async () => undefined,
      uncommittedOffsets: () => ({ topics: [] }),
      isRunning: () => true,
      isStale: () => false,
      pause: () => {
        this.paused.add(partition);
        this.pauses.push(partition);
        return () => void this.paused.delete(partition);
      },
    });
  }
}

class FakeDlq {
  readonly sent: { topic: string; headers: Record<string, string | Buffer> }[] = [];
  async connect() {}
  async publishRaw(t: string, rs: { headers: Record<string, string | Buffer> }[]) {
    for (const r of rs) this.sent.push({ topic: t, headers: r.headers });
  }
}

function runner(kafka: FakeKafka, dlq: FakeDlq, stallMs = 60000) {
  return new ConsumerRunner(kafka as unknown as Kafka, codec, dlq as unknown as EventProducer, {
    groupId: 'unit-transient',
    retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 40, transientMaxDelayMs: 40 },
    stallMs,
    logger: new Logger('unit', 'error'),
  });
}

const until = async (what: string, cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('ConsumerRunner transient failures', () => {
  it('pauses only the failing partition, leaves its offset unresolved, retries past the poison budget, and never dead-letters', async () => {
    const kafka = new FakeKafka();
    const dlq = new FakeDlq();
    let failuresLeft = 6; // twice the poison budget of 3 attempts
    const handled: string[] = [];
    const attempts: number[] = [];
    const r = runner(kafka, dlq, 50);
    await r
      .subscribe(topic, async (e, ctx) => {
        if (e.id === 'a') attempts.push(ctx.attempt);
        if (e.id === 'a' && failuresLeft-- > 0) throw refused();
        handled.push(e.id);
      })
      .start();

    await kafka.deliver(0, ['a', 'b']);
    expect(kafka.pauses).toEqual([0]);
    expect(kafka.resolved).toEqual([]); // 'a' is not resolved, nor is 'b' after it
    expect(r.health().partitions).toMatchObject([{ topic: topic.name, partition: 0, offset: '0', attempts: 1, reason: 'ECONNREFUSED' }]);

    await kafka.deliver(1, ['x']); // other partitions keep flowing
    expect(handled).toEqual(['x']);
    expect(kafka.resolved).toEqual(['1:0']);

    // kafkajs fetches the partition again from 'a' each time the runner resumes it.
    while (handled.length < 3) {
      await until('partition 0 resumed', () => !kafka.paused.has(0));
      if (attempts.length === 2) {
        await new Promise((res) => setTimeout(res, 60));
        expect(r.health().stalled).toBe(true); // stuck longer than stallMs
      }
      await kafka.deliver(0, ['a', 'b']);
    }
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(handled).toEqual(['x', 'a', 'b']);
    expect(kafka.resolved).toEqual(['1:0', '0:0', '0:1']);
    expect(dlq.sent).toEqual([]);
    expect(r.health()).toMatchObject({ stalled: false, partitions: [] });
    expect(r.stats).toMatchObject({ processed: 3, deadLettered: 0, paused: 6 });
  });

  it('a batch handler failing transiently pauses the partition and retries the batch as a whole, not record by record', async () => {
    const kafka = new FakeKafka();
    const dlq = new FakeDlq();
    let failuresLeft = 4;
    const calls: string[][] = [];
    const r = runner(kafka, dlq);
    await r
      .subscribeBatch(topic, async (records) => {
        calls.push(records.map((x) => x.event.id));
        if (failuresLeft-- > 0) throw new Error('pg pool', { cause: refused() });
      })
      .start();
    for (let i = 0; i <= 4; i++) {
      await until('partition resumed', () => !kafka.paused.has(0));
      await kafka.deliver(0, ['a', 'b', 'c']);
    }
    expect(calls).toEqual(Array.from({ length: 5 }, () => ['a', 'b', 'c']));
    expect(kafka.resolved).toEqual(['0:2']);
    expect(dlq.sent).toEqual([]);
    expect(r.stats).toMatchObject({ processed: 3, batchesSplit: 0, paused: 4 });
  });

  it('poison failures interleaved with transient ones are still bounded: dead-lettered with the total attempts', async () => {
    const kafka = new FakeKafka();
    const dlq = new FakeDlq();
    const errors = [refused(), new Error('bad row'), refused(), new Error('bad row'), new Error('bad row')];
    const r = runner(kafka, dlq);
    await r
      .subscribe(topic, async () => {
        throw errors.shift() ?? new Error('unexpected extra attempt');
      })
      .start();
    for (let i = 0; i < 3 && dlq.sent.length === 0; i++) {
      await until('partition resumed', () => !kafka.paused.has(0));
      await kafka.deliver(0, ['a']);
    }
    expect(errors).toEqual([]);
    expect(dlq.sent).toHaveLength(1);
    expect(dlq.sent[0].headers[HEADER.attempts]).toBe('5');
    expect(dlq.sent[0].headers[HEADER.errorMessage]).toBe('bad row');
    expect(kafka.resolved).toEqual(['0:0']);
  });

  it('a dead letter that cannot be written stalls the partition and is written on the retry, without running the handler again', async () => {
    const kafka = new FakeKafka();
    const dlq = new FakeDlq();
    const publish = dlq.publishRaw.bind(dlq);
    let dlqDown = true;
    dlq.publishRaw = async (t, rs) => {
      if (dlqDown) throw Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', retriable: true });
      return publish(t, rs);
    };
    let calls = 0;
    const r = runner(kafka, dlq);
    await r
      .subscribe(topic, async () => {
        calls++;
        throw new Error('bad row');
      })
      .start();
    await kafka.deliver(0, ['a']);
    expect(calls).toBe(3);
    expect(kafka.pauses).toEqual([0]);
    expect(kafka.resolved).toEqual([]);
    dlqDown = false;
    await until('partition resumed', () => !kafka.paused.has(0));
    await kafka.deliver(0, ['a']);
    expect(calls).toBe(3);
    expect(dlq.sent.map((d) => d.headers[HEADER.attempts])).toEqual(['3']);
    expect(kafka.resolved).toEqual(['0:0']);
  });

  it('heartbeats while a slow handler runs', async () => {
    const kafka = new FakeKafka();
    const r = runner(kafka, new FakeDlq());
    let during: number[] = [];
    await r
      .subscribe(topic, async () => {
        const before = kafka.heartbeats.length;
        await new Promise((res) => setTimeout(res, 2300));
        during = kafka.heartbeats.slice(before);
      })
      .start();
    await kafka.deliver(0, ['slow']);
    expect(during.length).toBeGreaterThanOrEqual(2);
  });
});

describe('PartitionStalls', () => {
  it('keeps the stall time across records until the partition moves, and forgets revoked partitions', () => {
    const s = new PartitionStalls();
    const update = { attempts: 1, poisonFailures: 0, reason: 'ECONNREFUSED' };
    s.fail('t', 0, '5', 'record', update, 1000);
    s.fail('t', 1, '9', 'batch', update, 1500);
    expect(s.fail('t', 0, '5', 'record', { ...update, attempts: 2 }, 2000).transientFailures).toBe(2);
    expect(s.fail('t', 0, '6', 'record', update, 2500)).toMatchObject({ sinceMs: 1000, transientFailures: 1 });
    expect(s.health('g', 1200, 2600)).toMatchObject({ stalled: true, partitions: [{ partition: 0, stalledForMs: 1600 }, { partition: 1, stalledForMs: 1100 }] });
    s.retain({ t: [1] });
    expect(s.health('g', 1200, 2600)).toMatchObject({ stalled: false, partitions: [{ partition: 1 }] });
    s.clear('t', 1);
    expect(s.health('g', 1200, 2600).partitions).toEqual([]);
  });
});
