import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { BatchRecord, ConsumerRunner, ConsumerRunnerOptions, DEFAULT_FETCH_LIMITS, EventCodec, EventProducer, EventTopic, HEADER, NonRetryableError, recordHeaders } from '@verity/messaging';
import { Logger, startTelemetry, trace, type Telemetry } from '@verity/telemetry';

// ConsumerRunner.subscribeBatch without a broker: a fake kafkajs consumer hands the runner's
// eachBatch callback hand-made batches; a fake DLQ producer records what was dead-lettered.

interface TestEvent {
  id: string;
  poison?: boolean;
  /** The id of the event that caused this one (an envelope's causation_id). */
  cause?: string;
}

const topic: EventTopic<TestEvent> = { name: 'unit.events', partitions: 1, retentionMs: -1, cleanupPolicy: 'delete', keyOf: (e) => e.id };

/** JSON on the wire; bytes that are not JSON fail to decode like bad protobuf would. */
const fakeCodec: EventCodec = {
  encode: (_t, e) => Buffer.from(JSON.stringify(e)),
  decode: <E>(_t: EventTopic<E>, bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString()) as E,
  typeName: () => 'unit.TestEvent',
  eventId: (e) => (e as unknown as TestEvent).id,
  causationId: (e) => (e as unknown as TestEvent).cause,
};

class FakeDlqProducer {
  readonly sent: { topic: string; key: string | null; value: Buffer; headers: Record<string, string | Buffer> }[] = [];
  async connect() {}
  async publishRaw(topicName: string, records: { key: string | null; value: Buffer; headers: Record<string, string | Buffer> }[]) {
    for (const r of records) this.sent.push({ topic: topicName, ...r });
  }
}

/** Captures the run config; `deliver` plays one fetched batch through eachBatch like kafkajs does. */
class FakeKafka {
  eachBatch?: (p: EachBatchPayload) => Promise<void>;
  runConfig?: Record<string, unknown>;
  consumerConfig?: Record<string, unknown>;
  readonly resolved: string[] = [];
  readonly heartbeats: number[] = [];
  stale = false;
  /** Errors the next subscribe calls throw, in order (then it succeeds). */
  subscribeErrors: Error[] = [];
  subscribes = 0;

  consumer(cfg: Record<string, unknown>) {
    this.consumerConfig = cfg;
    return {
      events: { CRASH: 'crash' },
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => {
        this.subscribes++;
        const e = this.subscribeErrors.shift();
        if (e) throw e;
      },
      disconnect: async () => undefined,
      run: async (cfg: Record<string, unknown>) => {
        this.runConfig = cfg;
        this.eachBatch = cfg.eachBatch as (p: EachBatchPayload) => Promise<void>;
      },
    };
  }

  async deliver(values: (TestEvent | string)[], firstOffset = 0, headers: Record<string, string>[] = []): Promise<void> {
    const messages = values.map(
      (v, i) =>
        ({
          offset: String(firstOffset + i),
          key: Buffer.from(`k${i}`),
          value: Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)),
          headers: Object.fromEntries(Object.entries(headers[i] ?? {}).map(([k, h]) => [k, Buffer.from(h)])),
          timestamp: '0',
          attributes: 0,
        }) as KafkaMessage,
    );
    await this.eachBatch!({
      batch: { topic: topic.name, partition: 0, messages } as unknown as EachBatchPayload['batch'],
      resolveOffset: (o: string) => void this.resolved.push(o),
      heartbeat: async () => void this.heartbeats.push(Date.now()),
      commitOffsetsIfNecessary: async () => undefined,
      uncommittedOffsets: () => ({ topics: [] }),
      isRunning: () => true,
      isStale: () => this.stale,
      pause: () => () => undefined,
    });
  }
}

/** A kafkajs protocol error as subscribe throws it for a topic whose partitions have no leader yet. */
const notHostedYet = () => Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true });

function runnerOn(kafka: FakeKafka) {
  return new ConsumerRunner(kafka as unknown as Kafka, fakeCodec, new FakeDlqProducer() as unknown as EventProducer, { groupId: 'unit-group', logger: new Logger('unit', 'error') });
}

async function started(
  handler: (records: BatchRecord<TestEvent>[]) => Promise<void>,
  opts: Pick<ConsumerRunnerOptions, 'maxBatchRecords' | 'onRecords' | 'fetchMaxBytes' | 'fetchMaxBytesPerPartition'> & { attempts?: number } = {},
) {
  const kafka = new FakeKafka();
  const dlq = new FakeDlqProducer();
  const runner = new ConsumerRunner(kafka as unknown as Kafka, fakeCodec, dlq as unknown as EventProducer, {
    groupId: 'unit-group',
    retry: { attempts: opts.attempts ?? 3, initialDelayMs: 1, maxDelayMs: 2 },
    maxBatchRecords: opts.maxBatchRecords,
    onRecords: opts.onRecords,
    fetchMaxBytes: opts.fetchMaxBytes,
    fetchMaxBytesPerPartition: opts.fetchMaxBytesPerPartition,
    logger: new Logger('unit', 'error'),
  });
  await runner.subscribeBatch(topic, handler).start();
  return { kafka, dlq, runner };
}

const ev = (id: string, poison = false): TestEvent => ({ id, poison });

describe('ConsumerRunner.subscribeBatch', () => {
  it('runs eachBatch without auto-resolve and hands the handler the batch in offset order with contexts', async () => {
    const seen: BatchRecord<TestEvent>[][] = [];
    const { kafka, runner } = await started(async (records) => void seen.push(records));
    expect(kafka.runConfig).toMatchObject({ eachBatchAutoResolve: false });
    expect(kafka.runConfig?.eachMessage).toBeUndefined();

    await kafka.deliver([ev('a'), ev('b'), ev('c')], 10);
    expect(seen).toHaveLength(1);
    expect(seen[0].map((r) => r.event.id)).toEqual(['a', 'b', 'c']);
    expect(seen[0].map((r) => [r.ctx.offset, r.ctx.eventId, r.ctx.attempt, r.ctx.partition])).toEqual([
      ['10', 'a', 1, 0],
      ['11', 'b', 1, 0],
      ['12', 'c', 1, 0],
    ]);
    expect(kafka.resolved).toEqual(['12']);
    expect(runner.stats).toMatchObject({ processed: 3, retried: 0, deadLettered: 0, batchesSplit: 0 });
  });

  it('bounds each fetch: the default limits, or the ones it is given', async () => {
    const byDefault = await started(async () => undefined);
    expect(byDefault.kafka.consumerConfig).toMatchObject({ maxBytes: DEFAULT_FETCH_LIMITS.maxBytes, maxBytesPerPartition: DEFAULT_FETCH_LIMITS.maxBytesPerPartition });
    // Below kafkajs's own defaults (10 MiB, 1 MiB per partition), which let a busy service hold hundreds of MiB.
    expect(DEFAULT_FETCH_LIMITS.maxBytes).toBeLessThan(10 * 1024 * 1024);
    expect(DEFAULT_FETCH_LIMITS.maxBytesPerPartition).toBeLessThan(1024 * 1024);
    const given = await started(async () => undefined, { fetchMaxBytes: 4096, fetchMaxBytesPerPartition: 1024 });
    expect(given.kafka.consumerConfig).toMatchObject({ maxBytes: 4096, maxBytesPerPartition: 1024 });
  });

  it('tries subscribing again while the topics are not hosted yet (just created), and gives up at once on other errors', async () => {
    const kafka = new FakeKafka();
    kafka.subscribeErrors = [notHostedYet(), notHostedYet()];
    await runnerOn(kafka).subscribeBatch(topic, async () => undefined).start();
    expect(kafka.subscribes).toBe(3);
    expect(kafka.runConfig).toBeDefined();

    const refused = new FakeKafka();
    refused.subscribeErrors = [Object.assign(new Error('Not authorized to access topics'), { type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false })];
    await expect(runnerOn(refused).subscribeBatch(topic, async () => undefined).start()).rejects.toThrow('Not authorized');
    expect(refused.subscribes).toBe(1);
    expect(refused.runConfig).toBeUndefined();
  });

  it('splits a large fetched batch into chunks of maxBatchRecords, resolving each chunk after it is handled', async () => {
    const resolvedWhenCalled: string[][] = [];
    const sizes: number[] = [];
    const ctx = await started(
      async (records) => {
        sizes.push(records.length);
        resolvedWhenCalled.push([...ctx.kafka.resolved]);
      },
      { maxBatchRecords: 2 },
    );
    await ctx.kafka.deliver([ev('a'), ev('b'), ev('c'), ev('d'), ev('e')]);
    expect(sizes).toEqual([2, 2, 1]);
    // Nothing is resolved before its chunk's handler returned.
    expect(resolvedWhenCalled).toEqual([[], ['1'], ['1', '3']]);
    expect(ctx.kafka.resolved).toEqual(['1', '3', '4']);
  });

  it('dead-letters an undecodable record alone and hands its neighbours to the handler', async () => {
    const seen: string[] = [];
    const { kafka, dlq, runner } = await started(async (records) => void seen.push(...records.map((r) => r.event.id)));
    await kafka.deliver([ev('a'), 'not json {', ev('c')]);
    expect(seen).toEqual(['a', 'c']);
    expect(dlq.sent).toHaveLength(1);
    expect(dlq.sent[0].topic).toBe('unit.events.dlq');
    expect(dlq.sent[0].headers[HEADER.originalOffset]).toBe('1');
    expect(dlq.sent[0].headers[HEADER.attempts]).toBe('1');
    expect(dlq.sent[0].headers[HEADER.errorClass]).toBe('SyntaxError');
    expect(kafka.resolved).toEqual(['2']);
    expect(runner.stats).toMatchObject({ processed: 2, deadLettered: 1 });
  });

  it('retries a failing batch as a whole, then handles it record by record: the poison record goes to the DLQ alone', async () => {
    const calls: { ids: string[]; attempt: number }[] = [];
    const applied: string[] = [];
    const { kafka, dlq, runner } = await started(
      async (records) => {
        calls.push({ ids: records.map((r) => r.event.id), attempt: records[0].ctx.attempt });
        if (records.some((r) => r.event.poison)) throw new Error(`cannot apply ${records.find((r) => r.event.poison)!.event.id}`);
        applied.push(...records.map((r) => r.event.id));
      },
      { attempts: 3 },
    );
    await kafka.deliver([ev('a'), ev('bad', true), ev('c')]);

    // Three whole-batch attempts, then each record alone with its own retries.
    expect(calls.slice(0, 3)).toEqual([1, 2, 3].map((attempt) => ({ ids: ['a', 'bad', 'c'], attempt })));
    expect(calls.slice(3)).toEqual([
      { ids: ['a'], attempt: 1 },
      { ids: ['bad'], attempt: 1 },
      { ids: ['bad'], attempt: 2 },
      { ids: ['bad'], attempt: 3 },
      { ids: ['c'], attempt: 1 },
    ]);
    expect(applied).toEqual(['a', 'c']);
    expect(dlq.sent).toHaveLength(1);
    expect(JSON.parse(dlq.sent[0].value.toString()).id).toBe('bad');
    expect(dlq.sent[0].headers[HEADER.errorMessage]).toBe('cannot apply bad');
    expect(dlq.sent[0].headers[HEADER.attempts]).toBe('3');
    expect(kafka.resolved).toEqual(['2']);
    expect(runner.stats).toMatchObject({ processed: 2, deadLettered: 1, batchesSplit: 1, retried: 2 + 2 });
  });

  it('reports handled records, failed attempts and dead letters per topic to onRecords (the metrics hook)', async () => {
    const told = new Map<string, number>();
    const onRecords = (t: string, outcome: string, n: number) => void told.set(`${t} ${outcome}`, (told.get(`${t} ${outcome}`) ?? 0) + n);
    const { kafka } = await started(
      async (records) => {
        if (records.some((r) => r.event.poison)) throw new Error('cannot apply');
      },
      { attempts: 3, onRecords },
    );
    await kafka.deliver([ev('a'), ev('bad', true), ev('c'), 'not json {']);
    // Three whole-batch attempts of three decoded records, then 'bad' alone three times; the
    // undecodable record is a dead letter without a handler attempt.
    expect(Object.fromEntries(told)).toEqual({
      'unit.events failed': 3 * 3 + 3,
      'unit.events handled': 2,
      'unit.events deadLettered': 2,
    });
  });

  it('a non-retryable batch failure goes straight to record-by-record handling', async () => {
    const calls: string[][] = [];
    const { kafka, dlq } = await started(async (records) => {
      calls.push(records.map((r) => r.event.id));
      if (records.some((r) => r.event.poison)) throw new NonRetryableError('answer without task_id');
    });
    await kafka.deliver([ev('a'), ev('bad', true)]);
    expect(calls).toEqual([['a', 'bad'], ['a'], ['bad']]);
    expect(dlq.sent.map((d) => d.headers[HEADER.errorClass])).toEqual(['NonRetryableError']);
    expect(dlq.sent[0].headers[HEADER.attempts]).toBe('1');
  });

  it('a batch that recovers on retry is applied once as a whole, and nothing is dead-lettered', async () => {
    let failures = 1;
    const applied: string[][] = [];
    const { kafka, dlq, runner } = await started(async (records) => {
      if (failures-- > 0) throw new Error('database restarting');
      applied.push(records.map((r) => r.event.id));
    });
    await kafka.deliver([ev('a'), ev('b')]);
    expect(applied).toEqual([['a', 'b']]);
    expect(dlq.sent).toEqual([]);
    expect(runner.stats).toMatchObject({ processed: 2, retried: 1, batchesSplit: 0 });
  });

  it('stops handling chunks once the partition is stale (revoked), leaving their offsets unresolved', async () => {
    const sizes: number[] = [];
    const ctx = await started(
      async (records) => {
        sizes.push(records.length);
        ctx.kafka.stale = true;
      },
      { maxBatchRecords: 2 },
    );
    await ctx.kafka.deliver([ev('a'), ev('b'), ev('c'), ev('d')]);
    expect(sizes).toEqual([2]);
    expect(ctx.kafka.resolved).toEqual(['1']);
  });

  describe('traces', () => {
    let telemetry: Telemetry;
    beforeAll(() => (telemetry = startTelemetry({ serviceName: 'unit', instrument: false })));
    afterAll(() => telemetry.shutdown());

    const T1 = '0af7651916cd43dd8448eb211c80319c';
    const T2 = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parent = (traceId: string) => ({ traceparent: `00-${traceId}-b7ad6b7169203331-01` });

    it("gives each record its own span under its producer's trace, and what a record causes carries that record's trace", async () => {
      const seen: { traceId?: string; spanId?: string }[] = [];
      const announced: Record<string, string> = {};
      const { kafka } = await started(async (records) => {
        for (const r of records) seen.push({ traceId: trace.getSpanContext(r.trace)?.traceId, spanId: trace.getSpanContext(r.trace)?.spanId });
        // A batch handler that enqueues everything at once, outside any record's context.
        for (const e of [{ id: 'out-b', cause: 'b' }, { id: 'out-a', cause: 'a' }, { id: 'out-none' }]) {
          announced[e.id] = recordHeaders(fakeCodec, topic, e).traceparent;
        }
      });
      await kafka.deliver([ev('a'), ev('b')], 0, [parent(T1), parent(T2)]);
      expect(seen.map((s) => s.traceId)).toEqual([T1, T2]);
      // A new span per record (a child), not the producer's span itself.
      expect(seen.map((s) => s.spanId)).not.toContain('b7ad6b7169203331');
      expect(announced['out-a']).toBe(`00-${T1}-${seen[0].spanId}-01`);
      expect(announced['out-b']).toBe(`00-${T2}-${seen[1].spanId}-01`);
      // No known cause: the batch's own span (a trace of its own).
      expect(announced['out-none']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(announced['out-none'].slice(3, 35)).not.toMatch(new RegExp(`${T1}|${T2}`));
    });
  });
});
