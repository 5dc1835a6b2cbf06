import { createKafka, ensureTopics, EventProducer, HEADER, protobufCodec } from '@verity/messaging';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { TOPICS } from '@verity/contracts';
import {
  Inbox,
  inboxOutboxMigration,
  openDataSource,
  Outbox,
  OutboxRelay,
} from '@verity/persistence';
import {
  contentEvent,
  eventually,
  privateContentTopic,
  readTopic,
  stackEnv,
  uniqueName,
} from '@verity/testing';
import { effectsMigration } from './fixtures/effects.migration';
import { startFixture } from './run-fixture';

// Against the real Postgres and Kafka started by deploy/local.
describe('inbox and outbox on real Postgres and Kafka', () => {
  const env = stackEnv();
  let kafka: Kafka;
  let producer: EventProducer;
  const opened: { ds: DataSource; schema: string }[] = [];

  async function schemaWithEffects(): Promise<{ ds: DataSource; schema: string }> {
    const schema = uniqueName('it');
    const ds = await openDataSource({
      url: env.databaseUrl,
      schema,
      migrations: [inboxOutboxMigration(schema), effectsMigration(schema)],
    });
    opened.push({ ds, schema });
    return { ds, schema };
  }

  const total = async (ds: DataSource, schema: string): Promise<number> =>
    (await ds.query(`SELECT n FROM "${schema}".totals WHERE id = 1`))[0].n;

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.brokers, clientId: 'persistence-it' });
    producer = new EventProducer(kafka, protobufCodec, 'persistence-it');
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    for (const { ds, schema } of opened) {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    }
  });

  it('runs migrations into the service schema once', async () => {
    const { ds, schema } = await schemaWithEffects();
    const tables = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
      [schema],
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual([
      'effects',
      'inbox',
      'migrations',
      'outbox',
      'totals',
    ]);
    await ds.runMigrations(); // nothing pending: a no-op
    expect((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".migrations`))[0].n).toBe(2);
  });

  it('runs its sessions without JIT compilation (short statements; decision 65)', async () => {
    const { ds } = await schemaWithEffects();
    expect((await ds.query(`SHOW jit`))[0].jit).toBe('off');
  });

  it('inbox: a redelivered event applies its effect once', async () => {
    const { ds, schema } = await schemaWithEffects();
    const inbox = new Inbox(ds, schema, 'unit');
    const ctx = {
      topic: 't',
      partition: 0,
      offset: '5',
      key: null,
      headers: {},
      attempt: 1,
      eventId: 'e-1',
    };
    const apply = () =>
      inbox.once(ctx, async (tx) => {
        await tx.query(`UPDATE "${schema}".totals SET n = n + 1 WHERE id = 1`);
      });
    expect(await apply()).toBe(true);
    expect(await apply()).toBe(false);
    expect(await total(ds, schema)).toBe(1);
    // A failing handler leaves no inbox row: the event is applied when it comes again.
    const failing = { ...ctx, eventId: 'e-2' };
    await expect(
      inbox.once(failing, async () => Promise.reject(new Error('db down'))),
    ).rejects.toThrow('db down');
    expect(
      await inbox.once(
        failing,
        async (tx) => void (await tx.query(`UPDATE "${schema}".totals SET n = n + 1`)),
      ),
    ).toBe(true);
    expect(await total(ds, schema)).toBe(2);
  });

  it('a consumer killed mid-stream and restarted applies every event exactly once', async () => {
    const { ds, schema } = await schemaWithEffects();
    const topic = privateContentTopic(3);
    await ensureTopics(kafka, [topic]);
    const events = Array.from({ length: 60 }, (_, i) => contentEvent(`s${i}`));
    await producer.publishMany(topic, events);
    const group = uniqueName('crash');

    const first = startFixture('inbox-consumer.ts', [topic.name, group, schema]);
    await eventually(
      'first consumer applied 20 events',
      async () => ((await total(ds, schema)) >= 20 ? true : undefined),
      60000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const appliedBeforeKill = await total(ds, schema);
    expect(appliedBeforeKill).toBeLessThan(60);
    // Whatever offsets the first consumer managed to commit (a rebalance commits them), rewind
    // the group to the start: the restarted consumer must see every applied event again, so the
    // inbox is provably what keeps them from applying twice. (Allowed once the dead member's
    // session has expired.)
    const admin = kafka.admin();
    await admin.connect();
    await eventually(
      'the group to be free for a rewind',
      async () => {
        await admin.resetOffsets({ groupId: group, topic: topic.name, earliest: true });
        return true;
      },
      90000,
      1000,
    );
    await admin.disconnect();

    const second = startFixture('inbox-consumer.ts', [topic.name, group, schema]);
    await eventually(
      'all 60 applied',
      async () => ((await total(ds, schema)) >= 60 ? true : undefined),
      90000,
    );
    await new Promise((r) => setTimeout(r, 1500)); // anything extra would show up now
    second.child.kill('SIGTERM');
    await second.exited;

    expect(await total(ds, schema)).toBe(60);
    const rows = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM "${schema}".effects`,
    );
    expect(rows[0]).toEqual({ n: 60, d: 60 });
    // The restarted consumer saw the applied events again: the inbox skipped every one of them.
    const skipped = Math.max(0, ...[...second.output().matchAll(/skipped (\d+)/g)].map((m) => Number(m[1])));
    expect(skipped).toBeGreaterThanOrEqual(appliedBeforeKill);

    // The second one stopped on SIGTERM: it committed on the way out, so a third consumer of
    // the group is handed nothing again.
    const third = startFixture('inbox-consumer.ts', [topic.name, group, schema]);
    await eventually(
      'third consumer up',
      () => (third.output().includes('consuming') ? true : undefined),
      60000,
    );
    await new Promise((r) => setTimeout(r, 4000));
    third.child.kill('SIGTERM');
    await third.exited;
    expect(third.output()).not.toMatch(/skipped/);
    expect(await total(ds, schema)).toBe(60);
  }, 240000);

  it('outbox: state and announcement commit together, or not at all', async () => {
    const { ds, schema } = await schemaWithEffects();
    const outbox = new Outbox(protobufCodec, schema);
    await expect(
      ds.transaction(async (tx) => {
        await tx.query(`UPDATE "${schema}".totals SET n = 99`);
        await outbox.enqueue(tx, TOPICS.content, contentEvent('rolled-back'));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await total(ds, schema)).toBe(0);
    expect((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n).toBe(0);
  });

  it('outbox relay delivers after a crash between commit and publish', async () => {
    const { ds, schema } = await schemaWithEffects();
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    const writer = startFixture('outbox-writer.ts', [topic.name, schema, 'crash-after-commit']);
    expect(await writer.exited).toBeNull(); // died by SIGKILL right after the commit
    const eventId = /committed (\S+)/.exec(writer.output())?.[1];
    expect(eventId).toBeDefined();

    const relay = new OutboxRelay(ds, producer, { schema, pollIntervalMs: 50 });
    expect(await relay.pending()).toBe(1);
    relay.start();
    const [record] = await readTopic(kafka, topic.name, 1);
    await eventually('outbox drained', async () =>
      (await relay.pending()) === 0 ? true : undefined,
    );
    await relay.stop();
    expect(record.headers[HEADER.eventId]).toBe(eventId);
    expect(record.key).toBe('it:crash-after-commit');
    expect(record.headers.traceparent).toBeUndefined(); // no span was active in the writer
  }, 60000);

  it('an idle outbox relay polls with one statement and no transaction, and still publishes what arrives unannounced', async () => {
    const { ds, schema } = await schemaWithEffects();
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    const transactions = jest.spyOn(ds, 'transaction');
    const queries = jest.spyOn(ds, 'query');
    const relay = new OutboxRelay(ds, producer, { schema, pollIntervalMs: 20, maxPollIntervalMs: 400 });
    relay.start();
    try {
      await new Promise((r) => setTimeout(r, 1500));
      // One batch (its transaction) found nothing; then it looked, waiting 20, 40, 80, 160, 320,
      // then 400 ms between looks (75 looks at a steady 20 ms).
      expect(transactions.mock.calls.length).toBe(1);
      const looks = queries.mock.calls.filter(([sql]) => String(sql).includes('SELECT EXISTS')).length;
      expect(looks).toBeGreaterThanOrEqual(5);
      expect(looks).toBeLessThanOrEqual(9);
      queries.mockRestore();
      transactions.mockClear();
      // A row committed without kicking the relay is found by the next look and published.
      const event = contentEvent('unannounced');
      await ds.transaction((tx) => new Outbox(protobufCodec, schema).enqueue(tx, topic, event));
      const [record] = await readTopic(kafka, topic.name, 1);
      expect(record.headers[HEADER.eventId]).toBe(event.envelope!.eventId);
      await eventually('outbox drained', async () => ((await relay.pending()) === 0 ? true : undefined));
      // The writer's transaction and the relay's batch that published it.
      expect(transactions.mock.calls.length).toBeGreaterThanOrEqual(2);
    } finally {
      await relay.stop();
      transactions.mockRestore();
    }
  }, 60000);

  it('a kicked relay publishes in one batch and goes back to looking: no empty batch after a batch that was not full', async () => {
    const { ds, schema } = await schemaWithEffects();
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    const outbox = new Outbox(protobufCodec, schema);
    const relay = new OutboxRelay(ds, producer, { schema, pollIntervalMs: 20 });
    relay.start();
    try {
      await eventually('the relay idle', async () => ((await relay.pending()) === 0 ? true : undefined));
      await new Promise((r) => setTimeout(r, 200));
      const transactions = jest.spyOn(ds, 'transaction');
      const events = [contentEvent('one'), contentEvent('two'), contentEvent('three')];
      await ds.transaction(async (tx) => {
        await outbox.enqueue(tx, topic, events[0]!);
        await outbox.enqueueMany(tx, topic, events.slice(1));
      });
      expect(outbox.rowsWritten).toBe(3);
      relay.kick();
      const records = await readTopic(kafka, topic.name, 3);
      expect(records.map((r) => r.headers[HEADER.eventId])).toEqual(events.map((e) => e.envelope!.eventId));
      await eventually('outbox drained', async () => ((await relay.pending()) === 0 ? true : undefined));
      // About 15 polls' time: the looks are plain statements, not transactions.
      await new Promise((r) => setTimeout(r, 300));
      // The writer's transaction and the one batch that published its three rows.
      expect(transactions.mock.calls.length).toBe(2);
      transactions.mockRestore();
    } finally {
      await relay.stop();
    }
  }, 60000);

  it('outbox relay re-sends after a crash between publish and marking, with the same event id', async () => {
    const { ds, schema } = await schemaWithEffects();
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    const outbox = new Outbox(protobufCodec, schema);
    const event = contentEvent('sent-twice');
    await ds.transaction((tx) => outbox.enqueue(tx, topic, event));

    let calls = 0;
    const flaky = Object.create(producer) as EventProducer;
    flaky.publishRaw = async (name, records) => {
      await producer.publishRaw(name, records);
      if (++calls === 1) throw new Error('crashed before marking');
    };
    const relay = new OutboxRelay(ds, flaky, { schema });
    await expect(relay.publishBatch()).rejects.toThrow('crashed before marking');
    expect(await relay.pending()).toBe(1);
    expect(await relay.publishBatch()).toBe(1);
    expect(await relay.pending()).toBe(0);

    const records = await readTopic(kafka, topic.name, 2);
    expect(records.map((r) => r.headers[HEADER.eventId])).toEqual([
      event.envelope!.eventId,
      event.envelope!.eventId,
    ]);
  }, 60000);
});
