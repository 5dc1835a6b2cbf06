import fs from 'node:fs';
import path from 'node:path';
import { create, equals, toBinary } from '@bufbuild/protobuf';
import {
  ALL_TOPIC_NAMES,
  ContractError,
  EnvelopeSchema,
  LabelEventSchema,
  TOPICS,
  TOPIC_LIST,
  causedBy,
  createEvent,
  decodeEvent,
  encodeEvent,
  EVENT_HEADERS,
  DLQ_HEADERS,
  REDRIVE_HEADERS,
  eventTypeOf,
  isUuidV7,
  newEnvelope,
  type EventMessage,
  type TopicKey,
  type TopicSpec,
} from '../src';
import { sampleEvents } from './fixtures';

const keys = Object.keys(TOPICS) as TopicKey[];

describe('every topic round-trips encode → decode', () => {
  const events = sampleEvents();
  it.each(keys)('%s', (key) => {
    const spec: TopicSpec<EventMessage> = TOPICS[key];
    const event: EventMessage = events[key];
    const bytes = encodeEvent(spec, event);
    expect(bytes.length).toBeGreaterThan(0);
    const back = decodeEvent(spec, bytes);
    expect(equals(spec.schema, back, event)).toBe(true);
    expect(back.envelope?.type).toBe(eventTypeOf(spec));
    expect(spec.keyOf(back)).toBe(spec.keyOf(event));
    expect(spec.keyOf(back).length).toBeGreaterThan(0);
  });

  it('keys item-scoped topics by item id and projects by project id', () => {
    for (const k of [
      'items',
      'tasks',
      'prelabels',
      'annotations',
      'decisions',
      'adjudications',
      'labels',
    ] as const) {
      expect(TOPICS[k].keyOf(events[k] as never)).toBe('item-1');
    }
    expect(TOPICS.projects.keyOf(events.projects)).toBe('proj-1');
    expect(TOPICS.content.keyOf(events.content)).toBe('youtube-comments:c-42');
  });
});

describe('decodeEvent refuses what is not the contract', () => {
  const garbage = [
    ['text', new TextEncoder().encode('not a protobuf at all')],
    ['0xff bytes', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff])],
    ['truncated length', new Uint8Array([0x0a, 0x20, 0x01])],
  ] as const;
  it.each(keys)('%s: garbage throws ContractError naming the topic', (key) => {
    const spec: TopicSpec<EventMessage> = TOPICS[key];
    for (const [, bytes] of garbage) {
      let err: unknown;
      try {
        decodeEvent(spec, bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ContractError);
      expect((err as ContractError).topic).toBe(spec.name);
      expect((err as Error).message).toContain(spec.name);
    }
  });

  it('empty bytes: missing envelope', () => {
    expect(() => decodeEvent(TOPICS.labels, new Uint8Array())).toThrow(
      /labels\.v1: .*has no envelope/,
    );
  });

  it('envelope without event id', () => {
    const ev = create(LabelEventSchema, {
      envelope: { type: 'verity.labels.v1.LabelEvent' },
      itemId: 'i',
    });
    const bytes = toBinary(LabelEventSchema, ev);
    expect(() => decodeEvent(TOPICS.labels, bytes)).toThrow(/labels\.v1: .*event_id/);
  });

  it('another topic’s event', () => {
    const bytes = encodeEvent(TOPICS.decisions, sampleEvents().decisions);
    expect(() => decodeEvent(TOPICS.labels, bytes)).toThrow(ContractError);
  });
});

describe('encodeEvent refuses what a consumer would refuse', () => {
  it('no envelope', () => {
    const ev = create(LabelEventSchema, { itemId: 'item-1' });
    expect(() => encodeEvent(TOPICS.labels, ev)).toThrow(/labels\.v1: .*no envelope/);
  });
  it('wrong envelope type', () => {
    const ev = sampleEvents().labels;
    ev.envelope!.type = 'verity.decisions.v1.DecisionEvent';
    expect(() => encodeEvent(TOPICS.labels, ev)).toThrow(ContractError);
  });
  it('empty key', () => {
    const ev = sampleEvents().labels;
    ev.itemId = '';
    expect(() => TOPICS.labels.keyOf(ev)).toThrow(/labels\.v1: empty record key \(item_id\)/);
  });
  it('createEvent needs an envelope', () => {
    expect(() => createEvent(TOPICS.labels, { itemId: 'x' })).toThrow(ContractError);
  });
});

describe('newEnvelope / createEvent', () => {
  it('fills id, time, type, schema version and correlation', () => {
    const before = Date.now();
    const env = newEnvelope({ spec: TOPICS.labels, producer: 'export', projectId: 'p' });
    expect(isUuidV7(env.eventId)).toBe(true);
    expect(env.type).toBe('verity.labels.v1.LabelEvent');
    expect(env.schemaVersion).toBe(5);
    expect(env.correlationId).toBe(env.eventId);
    expect(env.causationId).toBe('');
    const ms = Number(env.occurredAt!.seconds) * 1000 + env.occurredAt!.nanos / 1e6;
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('createEvent fills the type when newEnvelope had no spec', () => {
    const ev = createEvent(TOPICS.labels, {
      envelope: newEnvelope({ producer: 'export', projectId: 'p' }),
      itemId: 'item-9',
    });
    expect(ev.envelope?.type).toBe(eventTypeOf(TOPICS.labels));
    expect(decodeEvent(TOPICS.labels, encodeEvent(TOPICS.labels, ev)).itemId).toBe('item-9');
  });

  it('causedBy chains causation and keeps the correlation', () => {
    const first = newEnvelope({ spec: TOPICS.content, producer: 'up', projectId: '' });
    const second = newEnvelope({
      spec: TOPICS.items,
      producer: 'ingestion',
      projectId: '',
      ...causedBy(first),
    });
    const third = newEnvelope({
      spec: TOPICS.tasks,
      producer: 'decomposition',
      projectId: 'p',
      ...causedBy(second),
    });
    expect(second.causationId).toBe(first.eventId);
    expect(third.causationId).toBe(second.eventId);
    expect(third.correlationId).toBe(first.eventId);
    expect(equals(EnvelopeSchema, first, second)).toBe(false);
  });

  it('names every record header once, as proto/README.md documents them', () => {
    const names = [
      ...Object.values(EVENT_HEADERS),
      ...Object.values(DLQ_HEADERS),
      ...Object.values(REDRIVE_HEADERS),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(EVENT_HEADERS).toEqual({
      contentType: 'content-type',
      type: 'verity-type',
      eventId: 'verity-event-id',
      traceparent: 'traceparent',
      tracestate: 'tracestate',
    });
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../proto/README.md'), 'utf8');
    for (const n of names) expect(readme).toContain(n);
  });
});

describe('topic specs', () => {
  it('names are unique, `<short>.v1`, and carry `verity.<short>.v1.*Event`', () => {
    const names = TOPIC_LIST.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const key of keys) {
      const spec = TOPICS[key];
      expect(spec.name).toBe(`${key}.v1`);
      expect(spec.name).toMatch(/^[a-z]+\.v1$/);
      expect(spec.schema.typeName).toMatch(
        new RegExp(`^verity\\.${key}\\.v1\\.[A-Z][A-Za-z]*Event$`),
      );
      expect(spec.schema.fields[0]?.name).toBe('envelope');
      expect(spec.schema.fields[0]?.number).toBe(1);
      expect(spec.partitions).toBeGreaterThan(0);
      expect(spec.retentionMs === -1 || spec.retentionMs > 0).toBe(true);
      expect(spec.keyField.length).toBeGreaterThan(0);
    }
    expect(keys).toEqual([
      'content',
      'items',
      'tasks',
      'prelabels',
      'annotations',
      'decisions',
      'adjudications',
      'annotators',
      'labels',
      'releases',
      'projects',
      'feedback',
      'predictions',
      'erasures',
    ]);
  });

  it('every topic has a .dlq twin in ALL_TOPIC_NAMES', () => {
    expect(ALL_TOPIC_NAMES).toHaveLength(2 * TOPIC_LIST.length);
    expect(new Set(ALL_TOPIC_NAMES).size).toBe(ALL_TOPIC_NAMES.length);
    for (const t of TOPIC_LIST) expect(ALL_TOPIC_NAMES).toContain(`${t.name}.dlq`);
  });

  it('projects.v1 is compacted; labels.v1 is kept forever', () => {
    expect(TOPICS.projects.cleanupPolicy).toBe('compact');
    expect(TOPICS.labels.retentionMs).toBe(-1);
    expect(TOPIC_LIST.filter((t) => t.cleanupPolicy === 'compact').map((t) => t.name)).toEqual([
      'projects.v1',
    ]);
  });
});
