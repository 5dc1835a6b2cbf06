import path from 'node:path';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import {
  AnswerSource,
  createEvent,
  decodeEvent,
  newEnvelope,
  ProjectChange,
  QuestionKind,
  TOPICS,
  uuidv7,
  type AnnotationEvent,
  type DecisionEvent,
  type LabelEvent,
} from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// Crash: quality and export as real processes, SIGKILLed mid-stream of answers and restarted
// (same names, same ports). Every decided label must reach labels.v1 exactly once per
// (item, question, label_version): none lost, none duplicated. Upstream is played by this test:
// the project snapshot on projects.v1 and the answers on annotations.v1, as gateway and
// assignment would publish them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

interface Started {
  name: string;
  url: string;
  log: string;
  child: { exitCode: number | null; kill(signal: string): boolean; once(ev: 'exit', fn: () => void): void };
}

const run = uniqueName('crash');
const projectId = `${run}-p`;
const QUESTION = 'toxicity';
const TASKS = 60;
const OPTIONS = ['non_toxic', 'harassment', 'hate'];

async function tap<T extends { envelope?: { projectId: string } }>(kafka: Kafka, topic: { name: string }) {
  const got: T[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName(`crash-tap-${topic.name}`) });
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = decodeEvent(topic as never, message.value!) as unknown as T;
      if (e.envelope?.projectId === projectId) got.push(e);
    },
  });
  await joined;
  return { got, stop: () => consumer.disconnect() };
}

const kill = (s: Started) =>
  new Promise<void>((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });

describe('crash: quality and export SIGKILLed mid-stream (real processes, real stack)', () => {
  const env = stackEnv();
  // The killed processes' partitions wait for their sessions to expire before the restarted ones
  // can join (decision 85): 10 s here, not the default 30 s; what the test checks does not change.
  const opts = { names: ['quality', 'export'], basePort: 18380, logSuffix: '.crash', env: { KAFKA_SESSION_TIMEOUT_MS: '10000' } };
  let services: Started[] = [];

  beforeAll(async () => {
    // startServices spawns process.execPath; on another Node, run-ts.cjs re-executes itself on
    // Node 22 as a child, and SIGKILL would hit that wrapper, not the service.
    if (Number(process.versions.node.split('.')[0]) !== 22) {
      throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}: SIGKILL must reach the service`);
    }
    services = startServices(opts);
    await waitReady(services, 180000);
  }, 240000);

  afterAll(async () => {
    await stopServices(services);
  }, 60000);

  it('every decided label reaches labels.v1 once per (item, question, label_version)', async () => {
    const kafka = createKafka({ brokers: env.brokers, clientId: `crash-${run}` });
    const labels = await tap<LabelEvent>(kafka, TOPICS.labels);
    const decisions = await tap<DecisionEvent>(kafka, TOPICS.decisions);
    const producer = new EventProducer(kafka, protobufCodec, 'crash-upstream');
    await producer.connect();
    try {
      await producer.publish(
        TOPICS.projects,
        createEvent(TOPICS.projects, {
          envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
          change: ProjectChange.CREATED,
          project: {
            projectId,
            name: projectId,
            revision: 1n,
            policy: { answersPerTask: 3, agreementThreshold: 0.7, posteriorThreshold: 0.5, reliabilityFloor: 0.6, honeypotRate: 0 },
            currentOntology: {
              version: 1,
              questions: [
                { questionId: QUESTION, kind: QuestionKind.SINGLE_CHOICE, prompt: 'Is this comment toxic?', options: OPTIONS.map((optionId) => ({ optionId })) },
              ],
            },
          },
        }),
      );

      // 60 tasks × 3 agreeing answers, from a pool of 6 annotators.
      const annotators = Array.from({ length: 6 }, (_, i) => `${run}-ann-${i}`);
      const items = Array.from({ length: TASKS }, (_, i) => `${run}-item-${String(i).padStart(3, '0')}`);
      const events: AnnotationEvent[] = items.flatMap((itemId, i) => {
        const taskId = uuidv7();
        const option = OPTIONS[i % OPTIONS.length];
        return [0, 1, 2].map((k) =>
          createEvent(TOPICS.annotations, {
            envelope: newEnvelope({ producer: 'assignment', projectId, spec: TOPICS.annotations }),
            annotationId: uuidv7(),
            taskId,
            itemId,
            questionId: QUESTION,
            ontologyVersion: 1,
            annotatorId: annotators[(i + k) % annotators.length],
            source: AnswerSource.HUMAN,
            answer: { value: { case: 'choice', value: { optionIds: [option] } } },
            timeSpentMs: 1500n,
            submittedAt: timestampFromDate(new Date()),
            answersRequired: 3,
          }),
        );
      });

      const BATCH = 15; // 5 tasks
      let sent = 0;
      const sendBatch = async () => {
        await producer.publishMany(TOPICS.annotations, events.slice(sent, sent + BATCH));
        sent += BATCH;
      };
      // A first part of the stream, until labels are flowing.
      while (sent < events.length / 3) {
        await sendBatch();
        await new Promise((r) => setTimeout(r, 300));
      }
      await eventually('labels flowing', () => (new Set(labels.got.map((l) => l.itemId)).size >= 5 ? true : undefined), 120000, 200);

      // SIGKILL both mid-stream; the stream goes on while they are down.
      await Promise.all(services.map(kill));
      // Really down: nothing answers on their ports any more.
      for (const s of services) {
        const up = await fetch(`${s.url}/healthz`).then(() => true, () => false);
        expect(up).toBe(false);
      }
      const labelsAtKill = new Set(labels.got.map((l) => l.itemId)).size;
      expect(labelsAtKill).toBeLessThan(TASKS);
      while (sent < events.length) await sendBatch();

      services = startServices(opts);
      await waitReady(services, 180000);

      const all = await eventually(
        `labels for all ${TASKS} items after the restart`,
        () => (new Set(labels.got.map((l) => l.itemId)).size >= TASKS ? labels.got : undefined),
        240000,
        1000,
      );
      // Room for a wrong second version or a second event to show up.
      await new Promise((r) => setTimeout(r, 5000));

      const byKey = new Map<string, Set<string>>();
      for (const l of labels.got) {
        const k = `${l.itemId}|${l.questionId}|${l.labelVersion}`;
        byKey.set(k, (byKey.get(k) ?? new Set()).add(l.envelope!.eventId));
      }
      expect(all.length).toBeGreaterThanOrEqual(TASKS);
      expect(byKey.size).toBe(TASKS); // none lost, no second version
      // An outbox relay re-send after a crash repeats the same event id (consumers de-duplicate
      // on it); a second *different* event for one (item, question, version) would be a duplicate.
      for (const ids of byKey.values()) expect(ids.size).toBe(1);
      expect([...byKey.keys()].every((k) => k.endsWith('|1'))).toBe(true);
      expect(new Set(labels.got.map((l) => l.itemId))).toEqual(new Set(items));
      for (const [i, itemId] of items.entries()) {
        const l = labels.got.find((x) => x.itemId === itemId)!;
        expect(l.label).toBe(OPTIONS[i % OPTIONS.length]);
        expect(l.provenance?.answers.filter((a) => a.source === AnswerSource.HUMAN)).toHaveLength(3);
      }
      // Quality decided each task once (one decision event id per item).
      const decisionIds = new Map<string, Set<string>>();
      for (const d of decisions.got) decisionIds.set(d.itemId, (decisionIds.get(d.itemId) ?? new Set()).add(d.envelope!.eventId));
      expect(decisionIds.size).toBe(TASKS);
      for (const ids of decisionIds.values()) expect(ids.size).toBe(1);
    } finally {
      await labels.stop();
      await decisions.stop();
      await producer.disconnect();
    }
  }, 600000);
});
