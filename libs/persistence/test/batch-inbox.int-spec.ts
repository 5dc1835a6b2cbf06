import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ConsumerRunner, createKafka, ensureTopics, EventProducer, MessageContext, protobufCodec } from '@verity/messaging';
import { HEADER } from '@verity/messaging';
import { Inbox, inboxOutboxMigration, openDataSource, Outbox, OutboxRelay } from '@verity/persistence';
import { contentEvent, eventually, privateContentTopic, readTopic, stackEnv, uniqueName } from '@verity/testing';
import { effectsMigration } from './fixtures/effects.migration';

// Inbox.onceMany and the outbox's batch writes against the real Postgres and Kafka of deploy/local.
describe('batch inbox and outbox on real Postgres and Kafka', () => {
  const env = stackEnv();
  let kafka: Kafka;
  let producer: EventProducer;
  const opened: { ds: DataSource; schema: string }[] = [];
  const runners: ConsumerRunner[] = [];

  async function schemaWithEffects(): Promise<{ ds: DataSource; schema: string }> {
    const schema = uniqueName('it');
    const ds = await openDataSource({ url: env.databaseUrl, schema, migrations: [inboxOutboxMigration(schema), effectsMigration(schema)] });
    opened.push({ ds, schema });
    return { ds, schema };
  }

  const total = async (ds: DataSource, schema: string): Promise<number> => (await ds.query(`SELECT n FROM "${schema}".totals WHERE id = 1`))[0].n;

  const ctx = (eventId: string, offset = 0): MessageContext => ({ topic: 't', partition: 0, offset: String(offset), key: null, headers: {}, attempt: 1, eventId });

  beforeAll(async () => {
    kafka = createKafka({ brokers: env.brokers, clientId: 'batch-inbox-it' });
    producer = new EventProducer(kafka, protobufCodec, 'batch-inbox-it');
    await producer.connect();
  });

  afterAll(async () => {
    for (const r of runners) await r.stop();
    await producer.disconnect();
    for (const { ds, schema } of opened) {
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
    }
  });

  it('onceMany: a redelivered or overlapping batch applies each event once; a failed batch leaves no inbox row', async () => {
    const { ds, schema } = await schemaWithEffects();
    const inbox = new Inbox(ds, schema, 'unit');
    const apply = (ctxs: MessageContext[]) =>
      inbox.onceMany(ctxs, async (tx, fresh) => {
        for (const c of fresh) await tx.query(`INSERT INTO "${schema}".effects (event_id, source_id) VALUES ($1, 'x')`, [c.eventId]);
        await tx.query(`UPDATE "${schema}".totals SET n = n + $1 WHERE id = 1`, [fresh.length]);
      });

    const first = [ctx('e1', 1), ctx('e2', 2), ctx('e3', 3)];
    expect(await apply(first)).toEqual(first); // the given objects, in their order
    expect(await apply(first)).toEqual([]); // redelivered: nothing
    const overlap = [ctx('e3', 3), ctx('e4', 4), ctx('e4', 4)]; // a repeated id counts once
    expect((await apply(overlap)).map((c) => c.eventId)).toEqual(['e4']);
    expect(await total(ds, schema)).toBe(4);

    await expect(
      inbox.onceMany([ctx('e5'), ctx('e6')], async (tx) => {
        await tx.query(`UPDATE "${schema}".totals SET n = n + 2 WHERE id = 1`);
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    expect(await total(ds, schema)).toBe(4);
    expect((await apply([ctx('e5'), ctx('e6')])).map((c) => c.eventId)).toEqual(['e5', 'e6']);
    expect(await total(ds, schema)).toBe(6);
    const rows = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM "${schema}".effects`);
    expect(rows[0]).toEqual({ n: 6, d: 6 });
    const inboxRows = await ds.query(`SELECT event_id, "offset" FROM "${schema}".inbox WHERE consumer = 'unit' ORDER BY event_id`);
    expect(inboxRows.map((r: { event_id: string }) => r.event_id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('onceManyOf: the fresh items come back with what they carry, in their order; an event seen before is left out', async () => {
    const { ds, schema } = await schemaWithEffects();
    const inbox = new Inbox(ds, schema, 'unit-of');
    await inbox.onceMany([ctx('o2')], async () => {});
    const items = ['o1', 'o2', 'o3'].map((id, i) => ({ ctx: ctx(id, i), payload: `p-${id}` }));
    let seen: string[] = [];
    const fresh = await inbox.onceManyOf(items, async (_tx, batch) => {
      seen = batch.map((b) => b.payload);
    });
    expect(seen).toEqual(['p-o1', 'p-o3']);
    expect(fresh).toEqual([items[0], items[2]]);
  });

  it('a batch consumer rewound to the start sees every batch again and applies nothing twice', async () => {
    const { ds, schema } = await schemaWithEffects();
    const topic = privateContentTopic(2);
    await ensureTopics(kafka, [topic]);
    await producer.publishMany(topic, Array.from({ length: 40 }, (_, i) => contentEvent(`s${i}`)));
    const group = uniqueName('batch');
    const inbox = new Inbox(ds, schema, group);

    const consume = async () => {
      const seen = { records: 0, fresh: 0 };
      const r = new ConsumerRunner(kafka, protobufCodec, producer, { groupId: group });
      runners.push(r);
      await r
        .subscribeBatch(topic, async (records) => {
          seen.records += records.length;
          const bySource = new Map(records.map((x) => [x.ctx, x.event.sourceId]));
          const fresh = await inbox.onceMany(
            records.map((x) => x.ctx),
            async (tx, ctxs) => {
              for (const c of ctxs) {
                await tx.query(`INSERT INTO "${schema}".effects (event_id, source_id) VALUES ($1, $2)`, [c.eventId, bySource.get(c)]);
              }
              await tx.query(`UPDATE "${schema}".totals SET n = n + $1 WHERE id = 1`, [ctxs.length]);
            },
          );
          seen.fresh += fresh.length;
        })
        .start();
      return { r, seen };
    };

    const first = await consume();
    await eventually('all 40 applied', async () => ((await total(ds, schema)) === 40 ? true : undefined), 60000);
    await first.r.stop();
    expect(first.seen.fresh).toBe(40);

    const admin = kafka.admin();
    await admin.connect();
    await eventually('the group to be free for a rewind', async () => {
      await admin.resetOffsets({ groupId: group, topic: topic.name, earliest: true });
      return true;
    }, 60000, 1000);
    await admin.disconnect();

    const second = await consume();
    await eventually('all 40 redelivered', () => (second.seen.records >= 40 ? true : undefined), 60000);
    expect(second.seen.fresh).toBe(0);
    expect(await total(ds, schema)).toBe(40);
    const rows = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM "${schema}".effects`);
    expect(rows[0]).toEqual({ n: 40, d: 40 });
  }, 180000);

  it('outbox: deferred and many-at-once records are written at the flush, in enqueue order, and roll back with the state', async () => {
    const { ds, schema } = await schemaWithEffects();
    const outbox = new Outbox(protobufCodec, schema);
    const topic = privateContentTopic(1);
    await ensureTopics(kafka, [topic]);
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`))[0].n;
    const events = ['d1', 'd2', 'm1', 'm2', 'd3'].map((id) => contentEvent(id));

    await ds.transaction(async (tx) => {
      outbox.defer(tx);
      await outbox.enqueue(tx, topic, events[0]);
      await outbox.enqueue(tx, topic, events[1]);
      await outbox.enqueueMany(tx, topic, events.slice(2, 4));
      await outbox.enqueue(tx, topic, events[4]);
      const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`);
      expect(n).toBe(0); // nothing written before the flush
      await outbox.flush(tx);
    });
    const rows = await ds.query(`SELECT event_id, key, headers FROM "${schema}".outbox ORDER BY id`);
    expect(rows.map((r: { event_id: string }) => r.event_id)).toEqual(events.map((e) => e.envelope!.eventId));
    expect(rows[0].key).toBe('it:d1');
    expect(rows[0].headers[HEADER.eventId]).toBe(events[0].envelope!.eventId);

    await expect(
      ds.transaction(async (tx) => {
        outbox.defer(tx);
        await outbox.enqueueMany(tx, topic, [contentEvent('r1'), contentEvent('r2')]);
        await outbox.flush(tx);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await count()).toBe(5);

    // The relay publishes them in that order.
    const relay = new OutboxRelay(ds, producer, { schema });
    expect(await relay.publishBatch()).toBe(5);
    const published = await readTopic(kafka, topic.name, 5);
    expect(published.map((r) => r.headers[HEADER.eventId])).toEqual(events.map((e) => e.envelope!.eventId));
  }, 60000);
});
