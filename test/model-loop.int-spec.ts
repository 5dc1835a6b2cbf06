import path from 'node:path';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import {
  ContentType,
  createEvent,
  decodeEvent,
  FeedbackSource,
  ModelBackend,
  newEnvelope,
  TaskOrigin,
  TOPICS,
  uuidv7,
  type LabelEvent,
  type PrelabelEvent,
} from '@verity/contracts';
import { createKafka, EventProducer, HEADER, TopicTap } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// Issue 6, items 4 and 5, run as users run it: the services as real processes on the real stack.
// Active learning: a deployed model's predictions on predictions.v1 → prelabel spends the
// project's daily budget on the most uncertain items → those tasks are leased first over HTTP,
// a queued task's priority is raised rather than duplicated. Production feedback: feedback.v1
// with request_review → a task reaches a human → the label on labels.v1 carries the weak label.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

const run = uniqueName('loop');
const password = 'correct horse battery staple';
const spamQuestion = {
  guidelines: { text: 'Spam: the comment advertises something or asks for clicks.', examples: [] },
  questions: [{ id: 'spam', type: 'single_choice', prompt: 'Is this comment spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] }],
};

interface Started {
  name: string;
  url: string;
}

describe('active learning and production feedback (real processes, real stack)', () => {
  const env = stackEnv();
  let services: Started[] = [];
  let gateway: string;
  let kafka: Kafka;
  let producer: EventProducer;
  let db: Client;
  let prelabels: TopicTap;
  let labels: TopicTap;
  let feedbackDlq: TopicTap;
  let admin: VerityClient;

  beforeAll(async () => {
    if (Number(process.versions.node.split('.')[0]) !== 22) throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}`);
    services = startServices({
      names: ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'export'],
      basePort: 18580,
      logSuffix: '.loop',
      env: {
        ASSIGNMENT_TASK_SOURCE: 'prelabels',
        PRELABEL_AL_INTERVAL_MS: '0', // selection only when the test asks, through the gateway
        LLM_BASE_URL: '',
        UPSTREAM_TIMEOUT_MS: '60000',
      },
    });
    await waitReady(services, 240000);
    gateway = services.find((s) => s.name === 'gateway')!.url;
    kafka = createKafka({ brokers: env.brokers, clientId: `it-${run}` });
    producer = new EventProducer(kafka, protobufCodec, 'it-upstream');
    await producer.connect();
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    prelabels = await new TopicTap(kafka, TOPICS.prelabels.name).start();
    labels = await new TopicTap(kafka, TOPICS.labels.name).start();
    feedbackDlq = await new TopicTap(kafka, `${TOPICS.feedback.name}.dlq`).start();
    admin = await VerityClient.signIn(gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
  }, 300000);

  afterAll(async () => {
    await prelabels?.stop();
    await labels?.stop();
    await feedbackDlq?.stop();
    await producer?.disconnect();
    await db?.end();
    await stopServices(services);
  }, 60000);

  const people = async (names: string[], roles: string[]) => {
    const out: { id: string; client: VerityClient }[] = [];
    for (const n of names) {
      const email = `${n}-${run}@loop.verity`;
      const u = await admin.createUser({ email, displayName: n, password, roles });
      out.push({ id: u.id, client: await VerityClient.signIn(gateway, email, password) });
    }
    return out;
  };

  const prelabelsOf = (projectId: string) =>
    prelabels.records.map((r) => decodeEvent(TOPICS.prelabels, r.value) as PrelabelEvent).filter((e) => e.envelope?.projectId === projectId);

  const publishContent = (source: string, sourceId: string) =>
    producer.publish(
      TOPICS.content,
      createEvent(TOPICS.content, {
        envelope: newEnvelope({ producer: 'it-upstream', projectId: '', spec: TOPICS.content }),
        source,
        sourceId,
        contentType: ContentType.TEXT,
        body: { case: 'text', value: `Comment ${sourceId} of ${run}: nice video, thanks for sharing` },
        language: 'en',
      }),
    );

  /** The item made from a content, once its task reached assignment's queue. */
  const queued = async (projectId: string, sourceId: string): Promise<string> => {
    const itemId = await eventually(`the task of ${sourceId} on prelabels.v1`, () =>
      prelabelsOf(projectId).find((e) => e.task?.maskedText?.startsWith(`Comment ${sourceId} of`))?.task?.itemId,
    60000, 250);
    await eventually(`the task of ${sourceId} in assignment's queue`, async () =>
      (await tasksOf(projectId, itemId)).length > 0 ? true : undefined,
    60000, 250);
    return itemId;
  };

  const tasksOf = async (projectId: string, itemId: string) =>
    (await db.query(`SELECT task_id, priority, completed_at FROM assignment.tasks WHERE project_id = $1 AND item_id = $2 ORDER BY received_at`, [projectId, itemId]))
      .rows as { task_id: string; priority: number; completed_at: Date | null }[];

  it('spends the daily budget on the most uncertain predictions; those items are leased first, a queued task is raised, not duplicated', async () => {
    const source = `src-al-${run}`;
    const [pmUser] = await people(['pm-al'], ['project_manager']);
    const [a1, a2, a3] = await people(['a1', 'a2', 'a3'], ['annotator']);
    const pm = pmUser.client;
    const project = await pm.createProject({
      name: `AL ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: 2, honeypotRate: 0, leaseSeconds: 600, prelabelMode: 'off', sampling: { strategy: 'least_confidence', dailyBudget: 3 } },
    });
    for (const a of [a1, a2, a3]) await pm.setMember(project.id, a.id, { roles: ['annotator'], languages: ['en'] });
    const draft = await pm.createOntologyDraft(project.id, spamQuestion);
    await pm.publishOntology(project.id, draft.version);

    // c0 is answered by two people who disagree: its task is complete, its label waits for an expert.
    await publishContent(source, 'c0');
    const c0 = await queued(project.id, 'c0');
    for (const [a, answer] of [[a1, 'spam'], [a2, 'ham']] as const) {
      const t = await eventually('c0 for an annotator', () => a.client.nextTask(project.id).then((x) => x ?? undefined), 30000, 250);
      expect(t.itemId).toBe(c0);
      await a.client.submit(t.taskId, t.leaseId, { choice: { optionIds: [answer] } }, 1000);
    }
    // Then the queue fills, oldest first: c1, c2, c5, c3, c4 (c3 and c4 are the newest).
    const item: Record<string, string> = { c0 };
    for (const c of ['c1', 'c2', 'c5', 'c3', 'c4']) {
      await publishContent(source, c);
      item[c] = await queued(project.id, c);
    }
    const originalTask = async (c: string) => (await tasksOf(project.id, item[c]))[0]!.task_id;

    // The deployed model's predictions (least confidence = 1 − p_max): c0 0.5, c3 0.45, c4 0.4,
    // c2 0.1, c1 0.05, c5 0.01; and c6, content not ingested yet, named only by its source ids.
    const scores: Record<string, number> = { c0: 0.5, c1: 0.95, c2: 0.9, c3: 0.55, c4: 0.6, c5: 0.99, c6: 0.97 };
    const prediction = (c: string, itemId?: string) =>
      createEvent(TOPICS.predictions, {
        envelope: newEnvelope({ producer: 'prod-spam-model', projectId: itemId ? project.id : '', spec: TOPICS.predictions }),
        predictionId: uuidv7(),
        source,
        sourceId: c,
        itemId,
        questionId: 'spam',
        model: { backend: ModelBackend.EXTERNAL, modelId: 'prod-spam', modelVersion: '7' },
        scores: { spam: scores[c]!, ham: 1 - scores[c]! },
        predictedLabel: scores[c]! >= 0.5 ? 'spam' : 'ham',
      });
    for (const c of ['c0', 'c1', 'c2', 'c3', 'c4', 'c5']) await producer.publish(TOPICS.predictions, prediction(c, item[c]));
    const unknown = prediction('c6');
    await producer.publish(TOPICS.predictions, unknown);

    // Every known item becomes a candidate; the prediction for c6 is parked until c6 exists.
    await eventually('six candidates', async () => {
      const r = await db.query(`SELECT count(*)::int AS n FROM prelabel.al_candidates WHERE project_id = $1`, [project.id]);
      return r.rows[0].n === 6 ? true : undefined;
    }, 60000, 250);
    const parked = await eventually('the parked prediction', async () => (await db.query(`SELECT item_id, resolved_at FROM prelabel.unresolved_predictions WHERE prediction_id = $1`, [unknown.predictionId])).rows[0], 60000, 250);
    expect(parked).toEqual({ item_id: null, resolved_at: null });
    await publishContent(source, 'c6');
    item.c6 = await queued(project.id, 'c6');
    const c6Candidate = await eventually('c6 as a candidate once ingested', async () =>
      (await db.query(`SELECT origin, source_ref, uncertainty FROM prelabel.al_candidates WHERE project_id = $1 AND item_id = $2`, [project.id, item.c6])).rows[0],
    60000, 250);
    expect(c6Candidate.origin).toBe('predictions');
    expect(c6Candidate.source_ref).toBe(`${source}:c6`);
    expect(c6Candidate.uncertainty).toBeCloseTo(0.03, 6);

    // The selection, run through the gateway: the budget (3) goes to the three most uncertain.
    const before = { c3: await originalTask('c3'), c4: await originalTask('c4'), c0: await originalTask('c0') };
    expect(await pm.call('POST', `/v1/projects/${project.id}/prelabel/active-learning/select`)).toEqual({ selected: 3 });
    expect(await pm.call('POST', `/v1/projects/${project.id}/prelabel/active-learning/select`)).toEqual({ selected: 0 }); // today's budget is spent
    const al = await eventually('three active-learning tasks on prelabels.v1', () => {
      const e = prelabelsOf(project.id).filter((x) => x.task?.origin === TaskOrigin.ACTIVE_LEARNING);
      return e.length >= 3 ? e : undefined;
    }, 60000, 250);
    expect(al).toHaveLength(3);
    expect(new Set(al.map((e) => e.task!.itemId))).toEqual(new Set([item.c0, item.c3, item.c4]));
    const contentOf = (itemId: string) => Object.entries(item).find(([, id]) => id === itemId)![0] as 'c0' | 'c3' | 'c4';
    for (const e of al) {
      const c = contentOf(e.task!.itemId);
      expect(e.task!.priority).toBe(100);
      expect(e.task!.parentTaskId).toBe(before[c]);
      expect(e.uncertainty).toBeCloseTo(1 - Math.max(scores[c]!, 1 - scores[c]!), 6);
    }

    // Assignment: c3 and c4 still had queued tasks: raised, not duplicated. c0's task was
    // complete: the active-learning task is queued as a new task.
    await eventually('the priorities in assignment', async () => {
      const [c3, c4, c0tasks] = [await tasksOf(project.id, item.c3), await tasksOf(project.id, item.c4), await tasksOf(project.id, item.c0)];
      return c3[0]?.priority === 100 && c4[0]?.priority === 100 && c0tasks.length === 2 ? true : undefined;
    }, 60000, 250);
    expect((await tasksOf(project.id, item.c3)).map((t) => [t.task_id, t.priority])).toEqual([[before.c3, 100]]);
    expect((await tasksOf(project.id, item.c4)).map((t) => [t.task_id, t.priority])).toEqual([[before.c4, 100]]);
    const c0Tasks = await tasksOf(project.id, item.c0);
    expect(c0Tasks[0]).toMatchObject({ task_id: before.c0 });
    expect(c0Tasks[0]!.completed_at).not.toBeNull();
    expect(c0Tasks[1]).toMatchObject({ task_id: al.find((e) => e.task!.itemId === item.c0)!.task!.taskId, priority: 100 });
    for (const c of ['c1', 'c2', 'c5', 'c6']) expect((await tasksOf(project.id, item[c])).map((t) => t.priority)).toEqual([0]);

    // An annotator who has seen nothing gets the selected items first (priority, then age),
    // although four lower-priority tasks were queued before c3, c4 and the new c0 task.
    const leased: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await a3.client.nextTask(project.id);
      expect(t).not.toBeNull();
      leased.push(t!.itemId);
    }
    expect(leased.slice(0, 3)).toEqual([item.c3, item.c4, item.c0]);
    expect([item.c1, item.c2, item.c5, item.c6]).toContain(leased[3]);
  });

  it('feedback with request_review sends the item back to a human; the new label carries the weak label; a bad feedback event is dead-lettered naming the field', async () => {
    const source = `src-fb-${run}`;
    const [pmUser] = await people(['pm-fb'], ['project_manager']);
    const [b1, b2] = await people(['b1', 'b2'], ['annotator']);
    const pm = pmUser.client;
    const project = await pm.createProject({
      name: `Feedback ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: 1, honeypotRate: 0, leaseSeconds: 600, prelabelMode: 'off' },
    });
    for (const b of [b1, b2]) await pm.setMember(project.id, b.id, { roles: ['annotator'], languages: ['en'] });
    const draft = await pm.createOntologyDraft(project.id, spamQuestion);
    await pm.publishOntology(project.id, draft.version);
    const labelsOf = () => labels.records.map((r) => decodeEvent(TOPICS.labels, r.value) as LabelEvent).filter((e) => e.envelope?.projectId === project.id);

    await publishContent(source, 'f1');
    const itemId = await queued(project.id, 'f1');
    const first = await eventually('f1 for b1', () => b1.client.nextTask(project.id).then((x) => x ?? undefined), 30000, 250);
    await b1.client.submit(first.taskId, first.leaseId, { choice: { optionIds: ['ham'] } }, 800);
    // Label versions count per (item, question) across projects: other runs' catch-all projects may label the item too.
    const v1 = await eventually('the label of the first answer', () => labelsOf().find((l) => l.itemId === itemId && l.provenance?.taskId === first.taskId), 90000, 250);
    expect(v1.label).toBe('ham');
    expect(v1.provenance?.weakLabels).toEqual([]);

    // A moderator overrides the production model and asks for a review.
    const feedbackId = uuidv7();
    await producer.publish(
      TOPICS.feedback,
      createEvent(TOPICS.feedback, {
        envelope: newEnvelope({ producer: 'moderation-console', projectId: project.id, spec: TOPICS.feedback }),
        feedbackId,
        source,
        sourceId: 'f1',
        itemId,
        questionId: 'spam',
        answer: { value: { case: 'choice', value: { optionIds: ['spam'] } } },
        feedbackSource: FeedbackSource.MODERATOR_OVERRIDE,
        sourceDetail: 'moderation-console',
        actorId: 'moderator-7',
        requestReview: true,
        observedAt: timestampFromDate(new Date()),
      }),
    );
    const review = await eventually('the feedback task on prelabels.v1', () => prelabelsOf(project.id).find((e) => e.task?.origin === TaskOrigin.FEEDBACK), 60000, 250);
    expect(review.task!.itemId).toBe(itemId);
    expect(review.task!.parentTaskId).toBe(first.taskId);
    expect(review.weakLabels.map((w) => w.feedbackId)).toEqual([feedbackId]);
    // Quality keeps the weak label on its own consumer group; the decision is made after it has.
    await eventually('the weak label in quality', async () => ((await db.query(`SELECT 1 FROM quality.weak_labels WHERE feedback_id = $1`, [feedbackId])).rowCount ? true : undefined), 60000, 250);

    // b1 answered this item already; b2 gets the review task over HTTP.
    expect(await b1.client.nextTask(project.id)).toBeNull();
    const again = await eventually('the review task for b2', () => b2.client.nextTask(project.id).then((x) => x ?? undefined), 60000, 250);
    expect(again.taskId).toBe(review.task!.taskId);
    expect(again.itemId).toBe(itemId);
    await b2.client.submit(again.taskId, again.leaseId, { choice: { optionIds: ['spam'] } }, 900);

    const v2 = await eventually('the label of the review', () => labelsOf().find((l) => l.itemId === itemId && l.provenance?.taskId === review.task!.taskId), 90000, 250);
    expect(v2.label).toBe('spam');
    expect(v2.labelVersion).toBeGreaterThan(v1.labelVersion);
    expect(v2.provenance?.weakLabels).toHaveLength(1);
    const weak = v2.provenance!.weakLabels[0]!;
    expect(weak.feedbackId).toBe(feedbackId);
    expect(weak.source).toBe(FeedbackSource.MODERATOR_OVERRIDE);
    expect(weak.sourceDetail).toBe('moderation-console');
    expect(weak.answer?.value).toMatchObject({ case: 'choice', value: { optionIds: ['spam'] } });
    expect(weak.observedAt).toBeDefined();

    // Feedback without its question: every consumer of feedback.v1 dead-letters it, naming the field.
    const bad = createEvent(TOPICS.feedback, {
      envelope: newEnvelope({ producer: 'moderation-console', projectId: project.id, spec: TOPICS.feedback }),
      feedbackId: uuidv7(),
      source,
      sourceId: 'f1',
      itemId,
      answer: { value: { case: 'choice', value: { optionIds: ['spam'] } } },
      feedbackSource: FeedbackSource.USER_CORRECTION,
      sourceDetail: 'app',
    });
    await producer.publish(TOPICS.feedback, bad);
    const dead = await eventually('the bad feedback on feedback.v1.dlq from quality and prelabel', () => {
      const mine = feedbackDlq.records.filter((r) => r.headers[HEADER.eventId] === bad.envelope!.eventId);
      const groups = new Set(mine.map((r) => r.headers[HEADER.consumerGroup]));
      return groups.has('quality.production-feedback') && groups.has('prelabel.signals') ? mine : undefined;
    }, 60000, 250);
    for (const r of dead) {
      expect(r.headers[HEADER.errorMessage]).toBe(`feedback ${bad.feedbackId}: question_id: is empty`);
      expect(r.headers[HEADER.errorClass]).toBe('NonRetryableError');
    }
  });
});
