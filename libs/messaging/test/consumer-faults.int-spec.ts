import { randomBytes } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { ContentEvent, decodeEvent } from '@verity/contracts';
import {
  ConsumerRunner,
  type ConsumerRunnerOptions,
  createKafka,
  dlqAad,
  DlqCipher,
  dlqName,
  ensureTopics,
  EventProducer,
  HEADER,
  protobufCodec,
  recordHeaders,
} from '@verity/messaging';
import { contentEvent, eventually, privateContentTopic, readTopic, stackEnv, uniqueName } from '@verity/testing';

// Fault-suite items on the real broker of deploy/local: a poison record (item 5), a consumer
// slower than its session timeout (item 7), and a dependency down longer than the poison budget.
describe('consumer faults on a real broker', () => {
  const env = stackEnv();
  let kafka: Kafka;
  let producer: EventProducer;
  let raw: Producer;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.brokers, clientId: 'faults-it' });
    producer = new EventProducer(kafka, protobufCodec, 'faults-it');
    await producer.connect();
    raw = kafka.producer();
    await raw.connect();
  });

  afterAll(async () => {
    for (const r of runners) await r.stop();
    await raw.disconnect();
    await producer.disconnect();
  });

  function runner(opts: Partial<ConsumerRunnerOptions>) {
    const r = new ConsumerRunner(kafka, protobufCodec, producer, { groupId: uniqueName('faults'), ...opts });
    runners.push(r);
    return r;
  }

  /** Publishes to an explicit partition (keys would leave the partition to murmur2). */
  async function publishTo(topic: ReturnType<typeof privateContentTopic>, partition: number, events: ContentEvent[]) {
    await raw.send({
      topic: topic.name,
      acks: -1,
      messages: events.map((e) => ({
        partition,
        key: topic.keyOf(e),
        value: Buffer.from(protobufCodec.encode(topic, e)),
        headers: recordHeaders(protobufCodec, topic, e),
      })),
    });
  }

  async function dlqCount(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(dlqName(topic));
      return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('5. a poison record reaches the DLQ with its reason and origin, its content sealed, and the partition flows on within 5 s', async () => {
    const topic = privateContentTopic(1, { sensitive: true }); // one partition: the next records wait behind it
    await ensureTopics(kafka, [topic]);
    const pii = 'Call Alice Martin at alice.martin@example.org or +1 415 555 0100';
    const poison = contentEvent('poison', pii);
    await producer.publishMany(topic, [poison, contentEvent('next-1'), contentEvent('next-2')]);

    const cipher = new DlqCipher(randomBytes(32));
    const handledAt = new Map<string, number>();
    const r = runner({ dlqCipher: cipher }); // the default retry policy, as the services run it
    await r
      .subscribe(topic, async (e) => {
        if (e.sourceId === 'poison') throw new Error('cannot apply content event: unsupported layout');
        handledAt.set(e.sourceId, Date.now());
      })
      .start();

    const [dead] = await readTopic(kafka, dlqName(topic.name), 1);
    const h = dead.headers;
    expect(h[HEADER.errorClass]).toBe('Error');
    expect(h[HEADER.errorMessage]).toBe('cannot apply content event: unsupported layout');
    expect(h[HEADER.originalTopic]).toBe(topic.name);
    expect(h[HEADER.originalPartition]).toBe('0');
    expect(h[HEADER.originalOffset]).toBe('0');
    expect(h[HEADER.attempts]).toBe('4');
    expect(h[HEADER.consumerGroup]).toMatch(/^faults_/);
    expect(h[HEADER.eventId]).toBe(poison.envelope!.eventId); // the original headers travel with it
    // No PII in clear: the value is sealed, and nothing readable carries the text.
    expect(h[HEADER.dlqEncryption]).toBe('aes-256-gcm');
    expect(h[HEADER.dlqKeyId]).toBe(cipher.keyId);
    for (const part of ['alice.martin@example.org', 'Alice Martin', '555 0100']) {
      expect(dead.value.includes(Buffer.from(part))).toBe(false);
      expect(JSON.stringify(h)).not.toContain(part);
    }
    const opened = cipher.open(dead.value, dlqAad(topic.name, 0, '0'));
    expect(decodeEvent(topic, opened).envelope?.eventId).toBe(poison.envelope!.eventId);

    await eventually('the records behind the poison one', () => (handledAt.size === 2 ? true : undefined), 10000, 20);
    const deadLetteredAt = Date.parse(h[HEADER.failedAt]);
    for (const id of ['next-1', 'next-2']) {
      const after = handledAt.get(id)! - deadLetteredAt;
      expect(after).toBeGreaterThanOrEqual(0);
      expect(after).toBeLessThan(5000);
    }
    expect(r.stats).toMatchObject({ deadLettered: 1, processed: 2 });
  });

  it('7. a handler slower than the session timeout keeps its partitions: no rebalance, the record processed once', async () => {
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    const calls = new Map<string, number>();
    let slowStarted = false;
    const groupId = uniqueName('faults-slow');
    const r = runner({ groupId, sessionTimeoutMs: 6000 });
    await r
      .subscribe(topic, async (e) => {
        calls.set(e.sourceId, (calls.get(e.sourceId) ?? 0) + 1);
        if (e.sourceId === 'slow') {
          slowStarted = true;
          await new Promise((res) => setTimeout(res, 15000));
        }
      })
      .start();
    await producer.publishMany(topic, [contentEvent('slow'), contentEvent('after')]);
    await eventually('the slow handler to start', () => (slowStarted ? true : undefined), 30000);
    const membersBefore = await members(groupId);
    expect(r.stats.groupJoins).toBe(1);

    await eventually('the record after the slow one', () => (calls.has('after') ? true : undefined), 40000, 100);
    expect(Object.fromEntries(calls)).toEqual({ slow: 1, after: 1 });
    expect(r.stats.groupJoins).toBe(1); // no rebalance: still the first join's generation
    expect(await members(groupId)).toEqual(membersBefore); // same member, same assignment
  });

  async function members(groupId: string) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      return { state: groups[0].state, members: groups[0].members.map((m) => ({ id: m.memberId, assignment: m.memberAssignment.toString('hex') })) };
    } finally {
      await admin.disconnect();
    }
  }

  it('a dependency down longer than the poison budget: retried with its partition paused, never dead-lettered, stall reported and cleared', async () => {
    const topic = privateContentTopic(2);
    await ensureTopics(kafka, [topic]);
    const FAULT_MS = 5000; // the old budget was 4 attempts from 200 ms, about 1.4 s
    let faultUntil = 0;
    const handledAt = new Map<string, number>();
    const stuckAttempts: number[] = [];
    const r = runner({ stallMs: 1500, retry: { transientMaxDelayMs: 1000 } });
    await r
      .subscribe(topic, async (e) => {
        if (e.sourceId === 'stuck') {
          stuckAttempts.push(Date.now());
          if (!faultUntil) faultUntil = Date.now() + FAULT_MS;
          if (Date.now() < faultUntil) {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
          }
        }
        handledAt.set(e.sourceId, Date.now());
      })
      .start();

    await publishTo(topic, 0, [contentEvent('stuck'), contentEvent('behind-stuck')]);
    await eventually('the first failure', () => (faultUntil ? true : undefined), 30000, 20);
    await publishTo(topic, 1, [contentEvent('other-partition')]);

    // Partition 1 flows while partition 0 waits; partition 0 keeps its order.
    await eventually('the other partition while the fault lasts', () => (handledAt.has('other-partition') ? true : undefined), FAULT_MS, 20);
    expect(handledAt.get('other-partition')!).toBeLessThan(faultUntil);
    expect(handledAt.has('behind-stuck')).toBe(false);

    const stalled = await eventually('the stall to be reported', () => (r.health().stalled ? r.health() : undefined), FAULT_MS, 50);
    expect(Date.now()).toBeLessThan(faultUntil);
    expect(stalled.partitions).toEqual([
      expect.objectContaining({ topic: topic.name, partition: 0, offset: '0', reason: 'ECONNREFUSED' }),
    ]);
    expect(stalled.partitions[0].stalledForMs).toBeGreaterThanOrEqual(1500);

    await eventually('the stuck record once the fault clears', () => (handledAt.has('behind-stuck') ? true : undefined), 15000, 50);
    expect(handledAt.get('stuck')!).toBeGreaterThanOrEqual(faultUntil);
    expect(handledAt.get('behind-stuck')!).toBeGreaterThanOrEqual(handledAt.get('stuck')!);
    expect(r.health()).toMatchObject({ stalled: false, partitions: [] });
    expect(r.stats.deadLettered).toBe(0);
    // Retried past the old budget (4 attempts, about 1.4 s): failing attempts spread over the fault.
    const failing = stuckAttempts.filter((t) => t < faultUntil);
    expect(failing.length).toBe(r.stats.paused);
    expect(failing.length).toBeGreaterThanOrEqual(3);
    expect(failing[failing.length - 1] - failing[0]).toBeGreaterThan(2000);
    expect(stuckAttempts.length).toBe(failing.length + 1); // then handled once
    expect(await dlqCount(topic.name)).toBe(0);
  });
});
