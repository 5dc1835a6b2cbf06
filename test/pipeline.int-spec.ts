import path from 'node:path';
import { Kafka } from 'kafkajs';
import { AnnotationEvent, ContentType, createEvent, decodeEvent, newEnvelope, TOPICS } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// Issue 4's main path, run as users run it: the services as real processes on the real stack;
// a producer publishes content events to Kafka; tasks reach the right annotators' queues over
// the gateway's HTTP API; three annotators answer; annotations.v1 carries the provenance.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

const run = uniqueName('e2e');
const source = `src-${run}`;
const password = 'correct horse battery staple';

interface Started {
  name: string;
  url: string;
  log: string;
  child: { exitCode: number | null };
}

/** Collects annotations.v1 records for one project, from the moment it starts. */
async function annotationTap(kafka: Kafka, projectId: string) {
  const got: AnnotationEvent[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('e2e-tap') });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.annotations.name, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = decodeEvent(TOPICS.annotations, message.value!);
      if (e.envelope?.projectId === projectId) got.push(e);
    },
  });
  // Wait until the tap owns its partitions, so nothing published from now on is missed.
  await joined;
  return { got, stop: () => consumer.disconnect() };
}

describe('the human-in-the-loop pipeline, part 1 (real processes, real stack)', () => {
  const env = stackEnv();
  let services: Started[] = [];
  let gateway: string;

  beforeAll(async () => {
    // Part 1's path has no prelabel service: assignment reads tasks.v1 directly.
    services = startServices({
      names: ['gateway', 'ingestion', 'decomposition', 'assignment'],
      basePort: 18180,
      logSuffix: '.e2e',
      env: { ASSIGNMENT_TASK_SOURCE: 'tasks' },
    });
    await waitReady(services, 180000);
    gateway = services.find((s) => s.name === 'gateway')!.url;
  }, 240000);

  afterAll(async () => {
    await stopServices(services);
  }, 60000);

  it('content in, tasks to three distinct annotators of the right project, answers out with provenance', async () => {
    const admin = await VerityClient.signIn(gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
    const people = await Promise.all(
      ['pm', 'a1', 'a2', 'a3', 'outsider'].map((n) =>
        admin.createUser({ email: `${n}-${run}@e2e.verity`, displayName: n, password, roles: n === 'pm' ? ['project_manager'] : ['annotator'] }),
      ),
    );
    const [pmUser, ...rest] = people;
    const annotators = rest.slice(0, 3);
    const outsider = rest[3];
    const pm = await VerityClient.signIn(gateway, pmUser.email, password);

    const project = await pm.createProject({
      name: `E2E ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: 3, honeypotRate: 0, leaseSeconds: 600 },
    });
    const other = await pm.createProject({ name: `E2E other ${run}`, contentTypes: ['text'], filter: { sources: [`${source}-other`] } });
    for (const a of annotators) await pm.setMember(project.id, a.id, { roles: ['annotator'], languages: ['en'] });
    await pm.setMember(other.id, outsider.id, { roles: ['annotator'], languages: ['en'] });
    const draft = await pm.createOntologyDraft(project.id, {
      guidelines: { text: 'Spam: the comment advertises something or asks for clicks.', examples: [] },
      questions: [
        { id: 'spam', type: 'single_choice', prompt: 'Is this comment spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] },
      ],
    });
    await pm.publishOntology(project.id, draft.version);

    const kafka = createKafka({ brokers: env.brokers, clientId: `e2e-${run}` });
    const tap = await annotationTap(kafka, project.id);
    const producer = new EventProducer(kafka, protobufCodec, 'e2e-upstream');
    await producer.connect();
    try {
      const content = () =>
        createEvent(TOPICS.content, {
          envelope: newEnvelope({ producer: 'e2e-upstream', projectId: '', spec: TOPICS.content }),
          source,
          sourceId: 'comment-1',
          contentType: ContentType.TEXT,
          body: { case: 'text', value: 'Check out my channel and subscribe!!! write to me at spam@example.com' },
          language: 'en',
        });
      // The same content sent twice (as an upstream retry would) must make one item.
      await producer.publish(TOPICS.content, content());
      await producer.publish(TOPICS.content, content());

      const clients = await Promise.all(annotators.map((a) => VerityClient.signIn(gateway, a.email, password)));
      const tasks = await Promise.all(
        clients.map((c, i) => eventually(`a task for annotator ${i + 1}`, () => c.nextTask(project.id).then((t) => t ?? undefined), 120000, 1000)),
      );
      const taskIds = new Set(tasks.map((t) => t.taskId));
      expect(taskIds.size).toBe(1); // one item, one question: the three hold the same task
      for (const t of tasks) {
        expect(t.question.id).toBe('spam');
        expect(t.guidelines).toMatch(/advertises/);
        expect(t.content.text).toContain('Check out my channel');
        expect(t.content.text).not.toContain('spam@example.com'); // PII masked for annotators
      }
      // The outsider (annotator of another project) cannot see this project's queue.
      const outsiderClient = await VerityClient.signIn(gateway, outsider.email, password);
      expect((await outsiderClient.raw('POST', `/v1/projects/${project.id}/tasks/next`, {})).status).toBe(404);

      const answers = ['spam', 'spam', 'ham'];
      for (let i = 0; i < 3; i++) {
        await clients[i].submit(tasks[i].taskId, tasks[i].leaseId, { choice: { optionIds: [answers[i]] } }, 1000 + i);
      }
      // No second item from the re-sent content: nobody has anything more to do.
      for (const c of clients) expect(await c.nextTask(project.id)).toBeNull();

      const events = await eventually('three annotations on annotations.v1', () => (tap.got.length >= 3 ? tap.got : undefined), 60000);
      expect(events).toHaveLength(3);
      const byAnnotator = new Map(events.map((e) => [e.annotatorId, e]));
      expect([...byAnnotator.keys()].sort()).toEqual(annotators.map((a) => a.id).sort());
      for (let i = 0; i < 3; i++) {
        const e = byAnnotator.get(annotators[i].id)!;
        expect(e.taskId).toBe(tasks[i].taskId);
        expect(e.itemId).toBe(tasks[i].itemId);
        expect(e.questionId).toBe('spam');
        expect(e.ontologyVersion).toBe(draft.version);
        expect(e.answer?.value).toMatchObject({ case: 'choice', value: { optionIds: [answers[i]] } });
        expect(Number(e.timeSpentMs)).toBe(1000 + i);
        expect(e.draftShown).toBe(false);
        expect(e.leaseId).toBe(tasks[i].leaseId);
        expect(e.submittedAt).toBeDefined();
        expect(e.assignedAt).toBeDefined();
        expect(e.honeypot).toBe(false);
        expect(e.envelope?.producer).toBe('assignment');
      }
    } finally {
      await tap.stop();
      await producer.disconnect();
    }
  }, 420000);
});
