import path from 'node:path';
import { Kafka } from 'kafkajs';
import { signServiceToken, type Role } from '@verity/auth';
import {
  AggregationMethod,
  AnswerSource,
  ContentType,
  createEvent,
  decodeEvent,
  LabelStatus,
  newEnvelope,
  PrelabelMode,
  PrelabelRoute,
  ProjectChange,
  ProjectRole,
  QuestionKind,
  TaskOrigin,
  TOPICS,
  uuidv7,
  type AdjudicationEvent,
  type AnnotationEvent,
  type LabelEvent,
  type PrelabelEvent,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { rng, shuffle } from '../services/prelabel/src/domain/text.classifier';
import { loadYoutubeSpam, type Comment } from '../services/prelabel/test/support/youtube-spam';
import { AUDIT_CHECK_DETAIL } from '../services/quality/src/use-cases/second-look.service';

// Issue 6's routing, end to end, run as the platform runs: prelabel, assignment, quality and
// export as real processes on the real stack. A LOCAL-mode project (target precision 0.98, audit
// rate 0.3) whose local model is trained from 600 public YouTube comments labeled on labels.v1;
// then held-out comments arrive as tasks. Confident ones finalize with no human (labels.v1,
// method MACHINE_AUTO_ACCEPT, the model's provenance); unsure ones reach the annotator's queue
// over HTTP with the draft; audited ones reach it without; once the annotator has answered the
// audits, quality's metrics count them in the machine's precision.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

interface Started {
  name: string;
  url: string;
  log: string;
  child: { exitCode: number | null };
}

const QUESTION_ID = 'spam';
const TRAINING = 600;
const PROBES = 80;
/** No letter or digit: the local model has no usable text, so the task goes to humans without a draft. */
const EMOJI_ONLY = '😀😀👍👍';

describe('prelabel routing end to end (real processes, real stack)', () => {
  const env = stackEnv();
  const projectId = uniqueName('routing');
  const annotator = `${projectId}-annotator`;
  const secret = process.env.JWT_SECRET!;
  const data = shuffle(loadYoutubeSpam(), rng(99));
  const training = data.slice(0, TRAINING);
  const probes: Comment[] = [...data.slice(TRAINING, TRAINING + PROBES), { key: 'emoji', text: EMOJI_ONLY, label: 'ham' }];
  /** task id → the comment it asks about (its truth). */
  const truthOf = new Map<string, Comment>();
  let services: Started[] = [];
  let url: Record<string, string>;
  let kafka: Kafka;
  let producer: EventProducer;
  let prelabels: TopicTap;
  let annotations: TopicTap;
  let labels: TopicTap;
  let adjudications: TopicTap;
  let modelVersion = 0;
  let routed: PrelabelEvent[] = [];

  // Straight to a service: the token the gateway would sign for that service.
  const token = (service: string, sub: string, roles: Role[]) => signServiceToken({ kind: 'user', id: sub, roles }, service, secret, { ttlSeconds: 3600 });
  const call = async (base: string, method: string, route: string, roles: Role[], body?: unknown, sub = annotator) => {
    const service = Object.keys(url).find((name) => url[name] === base)!;
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(service, sub, roles)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };
  const mine = <T>(tap: TopicTap, topic: { name: string }) =>
    tap.records.map((r) => decodeEvent(topic as never, r.value) as unknown as T).filter((e) => (e as { envelope?: { projectId: string } }).envelope?.projectId === projectId);
  const question = {
    questionId: QUESTION_ID,
    kind: QuestionKind.SINGLE_CHOICE,
    prompt: 'Is this comment spam?',
    options: [
      { optionId: 'ham', label: 'Not spam' },
      { optionId: 'spam', label: 'Spam' },
    ],
    required: true,
  };
  const taskEvent = (taskId: string, itemId: string, text: string, priority: number) =>
    createEvent(TOPICS.tasks, {
      envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }),
      task: {
        taskId, itemId, projectId, questionId: QUESTION_ID, ontologyVersion: 1, question, contentType: ContentType.TEXT, language: 'en',
        answersRequired: 1, priority, origin: TaskOrigin.NEW_ITEM, maskedText: text, guidelines: 'Links, self-promotion and requests to subscribe are spam.',
      },
    } as never);
  const labelEvent = (itemId: string, label: string) =>
    createEvent(TOPICS.labels, {
      envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
      itemId, questionId: QUESTION_ID, ontologyVersion: 1, labelVersion: 1, status: LabelStatus.ACTIVE, label,
      answer: { value: { case: 'choice', value: { optionIds: [label] } } }, confidence: 1,
      provenance: { answers: [{ annotatorId: 'earlier-annotator', source: AnswerSource.HUMAN }] },
    } as never);
  const byRoute = (r: PrelabelRoute) => routed.filter((e) => e.route === r);
  const draftOption = (e: PrelabelEvent) => (e.draft?.value.case === 'choice' ? e.draft.value.value.optionIds[0] : undefined);

  beforeAll(async () => {
    // startServices spawns process.execPath; on another Node, run-ts.cjs re-executes itself on
    // Node 22 as a child that stopServices' SIGTERM never reaches (it would outlive the test).
    if (Number(process.versions.node.split('.')[0]) !== 22) {
      throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}`);
    }
    services = startServices({
      names: ['prelabel', 'assignment', 'quality', 'export'],
      basePort: 18680,
      logSuffix: '.routing',
      env: {
        ASSIGNMENT_TASK_SOURCE: 'prelabels',
        // One model version for the whole test: trained once from the 600 labels, never retrained.
        PRELABEL_LOCAL_MIN_LABELS: String(TRAINING - 100),
        PRELABEL_LOCAL_RETRAIN_EVERY: '100000',
        PRELABEL_AL_INTERVAL_MS: '0',
      },
    });
    await waitReady(services, 240000);
    url = Object.fromEntries(services.map((s) => [s.name, s.url]));
    kafka = createKafka({ brokers: env.brokers, clientId: `routing-${projectId}` });
    producer = new EventProducer(kafka, protobufCodec, 'routing-test');
    await producer.connect();
    prelabels = await new TopicTap(kafka, TOPICS.prelabels.name).start();
    annotations = await new TopicTap(kafka, TOPICS.annotations.name).start();
    labels = await new TopicTap(kafka, TOPICS.labels.name).start();
    adjudications = await new TopicTap(kafka, TOPICS.adjudications.name).start();
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: {
          projectId,
          name: projectId,
          revision: 1n,
          // A source nobody sends: ingestion matches a project without a filter to every item
          // (other runs' content would become tasks here); this one gets only the test's tasks.
          filter: { sources: [`${projectId}-tasks-only`] },
          policy: {
            answersPerTask: 1,
            agreementThreshold: 0.7,
            // One answer per task: its posterior is at least 1/2; the humans' answer decides.
            posteriorThreshold: 0.5,
            honeypotRate: 0,
            leaseSeconds: 600,
            routing: { requiredSkills: [], matchLanguage: false },
            prelabelMode: PrelabelMode.LOCAL,
            targetPrecision: 0.98,
            auditRate: 0.3,
          },
          currentOntology: { version: 1, guidelines: { text: 'Links, self-promotion and requests to subscribe are spam.' }, questions: [question] },
          members: [{ userId: annotator, roles: [ProjectRole.ANNOTATOR], skills: [], languages: [], active: true }],
        },
      } as never),
    );
    // Every service has the project: quality answers its metrics, assignment lets the member ask for work.
    await eventually('quality knows the project', async () => ((await call(url.quality, 'GET', `/v1/projects/${projectId}/quality`, ['admin'])).status === 200 ? true : undefined), 120000, 500);
    await eventually('assignment knows the member', async () => ((await call(url.assignment, 'POST', `/v1/projects/${projectId}/tasks/next`, ['annotator'])).status === 204 ? true : undefined), 120000, 500);
  }, 420000);

  afterAll(async () => {
    await prelabels?.stop();
    await annotations?.stop();
    await labels?.stop();
    await adjudications?.stop();
    await producer?.disconnect();
    await stopServices(services);
  }, 60000);

  it('labels on labels.v1 train the local model, with a threshold derived from the target precision', async () => {
    // The items' text reaches prelabel with their tasks (priority 0: a backlog behind the probes);
    // without a model yet, they go to humans without a draft.
    const items = training.map(() => uuidv7());
    await producer.publishMany(TOPICS.tasks, training.map((c, i) => taskEvent(uuidv7(), items[i]!, c.text, 0)));
    await eventually('the training tasks drafted', () => (mine<PrelabelEvent>(prelabels, TOPICS.prelabels).length >= TRAINING ? true : undefined), 180000, 1000);
    expect(mine<PrelabelEvent>(prelabels, TOPICS.prelabels).every((e) => e.route === PrelabelRoute.HUMAN_WITHOUT_DRAFT)).toBe(true);

    await producer.publishMany(TOPICS.labels, training.map((c, i) => labelEvent(items[i]!, c.label)));
    const model = await eventually('a trained local model with a threshold', async () => {
      const r = await call(url.prelabel, 'GET', `/v1/projects/${projectId}/prelabel/models`, ['admin']);
      const m = (r.body?.models ?? []).find((x: { backend: string; questionId: string }) => x.backend === 'local' && x.questionId === QUESTION_ID);
      return m?.threshold !== null && m?.threshold !== undefined ? m : undefined;
    }, 240000, 1000);
    modelVersion = model.version;
    console.log(`local model v${model.version}: held-out accuracy ${model.report.accuracy.toFixed(3)}, threshold ${model.threshold} for target precision 0.98`);
    expect(model.modelId).toBe(`local-lr/${projectId}/${QUESTION_ID}`);
    expect(model.report.accuracy).toBeGreaterThan(0.85);
  }, 480000);

  it('routes held-out comments: confident ones auto-accepted (some audited), unsure ones with the draft, no text without', async () => {
    expect(modelVersion).toBeGreaterThan(0);
    prelabels.records.length = 0;
    const events = probes.map((c) => {
      const taskId = uuidv7();
      truthOf.set(taskId, c);
      return taskEvent(taskId, uuidv7(), c.text, 10);
    });
    await producer.publishMany(TOPICS.tasks, events);
    routed = await eventually('every probe routed', () => {
      const e = mine<PrelabelEvent>(prelabels, TOPICS.prelabels).filter((x) => truthOf.has(x.task!.taskId));
      return e.length >= probes.length ? e : undefined;
    }, 180000, 500);
    const counts = Object.fromEntries([PrelabelRoute.AUTO_ACCEPT, PrelabelRoute.AUDIT, PrelabelRoute.HUMAN_WITH_DRAFT, PrelabelRoute.HUMAN_WITHOUT_DRAFT].map((r) => [PrelabelRoute[r], byRoute(r).length]));
    console.log(`routes of ${probes.length} probes: ${JSON.stringify(counts)}`);
    // Each class of outcome happens at least once (the comments and the audit draw are fixed, but
    // which ones clear the threshold is the model's call, so the test reads the routes reported).
    expect(byRoute(PrelabelRoute.AUTO_ACCEPT).length).toBeGreaterThan(0);
    expect(byRoute(PrelabelRoute.AUDIT).length).toBeGreaterThan(0);
    expect(byRoute(PrelabelRoute.HUMAN_WITH_DRAFT).length).toBeGreaterThan(0);
    expect(byRoute(PrelabelRoute.HUMAN_WITHOUT_DRAFT).map((e) => truthOf.get(e.task!.taskId)!.text)).toEqual([EMOJI_ONLY]);
    for (const e of [...byRoute(PrelabelRoute.AUTO_ACCEPT), ...byRoute(PrelabelRoute.AUDIT)]) {
      expect(e.model!.calibratedConfidence!).toBeGreaterThanOrEqual(e.autoAcceptThreshold!);
    }
    for (const e of byRoute(PrelabelRoute.AUDIT)) expect(e.draft).toBeUndefined();
  }, 240000);

  it('confident tasks finalize without any human: labels.v1, method machine auto-accept, the model in provenance', async () => {
    const auto = byRoute(PrelabelRoute.AUTO_ACCEPT);
    expect(auto.length).toBeGreaterThan(0);
    const ids = new Set(auto.map((e) => e.task!.taskId));
    const got = await eventually('a label for every auto-accepted task', () => {
      const l = mine<LabelEvent>(labels, TOPICS.labels).filter((x) => ids.has(x.provenance?.taskId ?? ''));
      return l.length >= ids.size ? l : undefined;
    }, 120000, 500);
    const prelabelOf = new Map(auto.map((e) => [e.task!.taskId, e]));
    for (const l of got) {
      const p = prelabelOf.get(l.provenance!.taskId)!;
      expect(l.label).toBe(draftOption(p));
      expect(l.confidence).toBeCloseTo(p.model!.calibratedConfidence!, 9);
      expect(l.softLabel[l.label]).toBeCloseTo(p.model!.calibratedConfidence!, 9);
      expect(l.adjudicated).toBe(false);
      expect(l.gold).toBe(false);
      expect(l.provenance?.aggregation?.method).toBe(AggregationMethod.MACHINE_AUTO_ACCEPT);
      const answers = l.provenance!.answers;
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({ source: AnswerSource.MACHINE, annotatorId: `model:local-lr/${projectId}/${QUESTION_ID}` });
      expect(answers[0]!.model).toMatchObject({ modelId: `local-lr/${projectId}/${QUESTION_ID}`, modelVersion: `v${modelVersion}` });
      expect(answers[0]!.model!.calibratedConfidence).toBeCloseTo(p.model!.calibratedConfidence!, 9);
    }
  }, 180000);

  it('unsure tasks reach the annotator over HTTP with the draft, audited and text-less ones without; answers carry it', async () => {
    const human = routed.filter((e) => e.route !== PrelabelRoute.AUTO_ACCEPT);
    const routeOf = new Map(routed.map((e) => [e.task!.taskId, e]));
    const leased = new Map<string, { draft: unknown }>();
    await eventually('every human task leased and answered', async () => {
      const next = await call(url.assignment, 'POST', `/v1/projects/${projectId}/tasks/next`, ['annotator']);
      if (next.status === 204) return undefined; // not queued yet
      expect(next.status).toBe(200);
      const view = next.body;
      const p = routeOf.get(view.taskId);
      if (!p) {
        // A training task of the backlog (priority 0), served only once the probes are queued ahead of it.
        await call(url.assignment, 'POST', `/v1/tasks/${view.taskId}/skip`, ['annotator'], { leaseId: view.leaseId, reason: 'not part of this check' });
        return undefined;
      }
      leased.set(view.taskId, { draft: view.draft });
      const truth = truthOf.get(view.taskId)!.label;
      const sub = await call(url.assignment, 'POST', `/v1/tasks/${view.taskId}/submit`, ['annotator'], { leaseId: view.leaseId, answer: { choice: { optionIds: [truth] } }, timeSpentMs: 1200 });
      expect(sub.status).toBe(201);
      return leased.size >= human.length ? true : undefined;
    }, 240000, 50);

    // Never a human for an auto-accepted task.
    for (const e of byRoute(PrelabelRoute.AUTO_ACCEPT)) expect(leased.has(e.task!.taskId)).toBe(false);
    // A drafted task shows its draft, except the share served blind as a control (the project's
    // blindControlRate, by default honeypotRate + auditRate = 0.3 here), so that a missing draft
    // does not point at a check.
    const drafted = byRoute(PrelabelRoute.HUMAN_WITH_DRAFT);
    const shown = drafted.filter((e) => leased.get(e.task!.taskId)!.draft !== null);
    for (const e of shown) expect(JSON.stringify(leased.get(e.task!.taskId)!.draft)).toContain(`"${draftOption(e)}"`);
    if (drafted.length >= 6) expect(shown.length).toBeGreaterThan(0); // all blind: 0.3⁶ < 0.1 %
    for (const e of [...byRoute(PrelabelRoute.AUDIT), ...byRoute(PrelabelRoute.HUMAN_WITHOUT_DRAFT)]) expect(leased.get(e.task!.taskId)!.draft).toBeNull();

    const humanAnswers = await eventually('the human answers on annotations.v1', () => {
      const a = mine<AnnotationEvent>(annotations, TOPICS.annotations).filter((x) => x.source === AnswerSource.HUMAN && truthOf.has(x.taskId));
      return a.length >= human.length ? a : undefined;
    }, 60000, 500);
    for (const a of humanAnswers) {
      const route = routeOf.get(a.taskId)!.route;
      expect({ route: PrelabelRoute[route], draftShown: a.draftShown, audit: a.audit }).toEqual({
        route: PrelabelRoute[route],
        draftShown: route === PrelabelRoute.HUMAN_WITH_DRAFT && leased.get(a.taskId)!.draft !== null,
        audit: route === PrelabelRoute.AUDIT,
      });
      if (a.draftShown) expect(a.draft?.model?.modelId).toBe(`local-lr/${projectId}/${QUESTION_ID}`);
    }
  }, 300000);

  it("after the humans answer the audits, quality counts them in the machine's precision and the humans' label stands", async () => {
    const audits = byRoute(PrelabelRoute.AUDIT);
    const auditIds = new Set(audits.map((e) => e.task!.taskId));
    const machine = mine<AnnotationEvent>(annotations, TOPICS.annotations).filter((a) => a.source === AnswerSource.MACHINE && auditIds.has(a.taskId));
    expect(machine).toHaveLength(audits.length);
    expect(machine.every((a) => a.audit)).toBe(true);
    const machineOf = (a: AnnotationEvent) => (a.answer?.value.case === 'choice' ? a.answer.value.value.optionIds[0] : undefined);
    const correct = machine.filter((a) => machineOf(a) === truthOf.get(a.taskId)!.label).length;

    // The humans answered the truth, so an audit they disagree with is one the machine got wrong:
    // quality asks the expert for a second look (decision 80) and leaves it pending. The test
    // answers as adjudication would, on decisions.v1, with the truth.
    const wrong = new Set(machine.filter((a) => machineOf(a) !== truthOf.get(a.taskId)!.label).map((a) => a.taskId));
    const requests = await eventually('a second look for each audit the humans disagreed with', () => {
      const r = mine<AdjudicationEvent>(adjudications, TOPICS.adjudications).filter((x) => auditIds.has(x.taskId));
      return r.length >= wrong.size ? r : undefined;
    }, 120000, 500);
    expect(new Set(requests.map((r) => r.taskId))).toEqual(wrong);
    for (const r of requests) {
      expect(r).toMatchObject({ detail: AUDIT_CHECK_DETAIL, proposedLabel: truthOf.get(r.taskId)!.label });
      expect(r.machineDraft).toBeUndefined();
      const label = truthOf.get(r.taskId)!.label;
      const answer = { value: { case: 'choice', value: { optionIds: [label] } } };
      await producer.publish(
        TOPICS.decisions,
        createEvent(TOPICS.decisions, {
          envelope: newEnvelope({ producer: 'adjudication', projectId, spec: TOPICS.decisions }),
          decisionId: uuidv7(), taskId: r.taskId, itemId: r.itemId, questionId: QUESTION_ID, ontologyVersion: 1, label, answer,
          softLabel: { [label]: 1 }, confidence: 1, aggregation: { method: AggregationMethod.ADJUDICATION }, adjudicated: true, answers: r.answers,
          verdict: { requestId: r.requestId, adjudicatorId: 'test-expert', answer, confidence: 1 },
        } as never),
      );
    }

    const precision = await eventually('the audits counted in machine precision', async () => {
      const r = await call(url.quality, 'GET', `/v1/projects/${projectId}/quality`, ['admin']);
      const m = (r.body?.machinePrecision ?? []).find((x: { questionId: string }) => x.questionId === QUESTION_ID);
      return m && m.count >= audits.length ? m : undefined;
    }, 120000, 1000);
    console.log(`machine precision on ${precision.count} audits: ${precision.precision} [${precision.low?.toFixed(3)}, ${precision.high?.toFixed(3)}]`);
    expect(precision).toMatchObject({ modelId: `local-lr/${projectId}/${QUESTION_ID}`, count: audits.length, correct, pending: 0 });
    expect(precision.precision).toBeCloseTo(correct / audits.length, 9);
    expect(precision.low).toBeLessThanOrEqual(precision.precision);
    expect(precision.high).toBeGreaterThanOrEqual(precision.precision);

    // The audited tasks' labels are the humans' (quality's aggregation), with the machine's answer as provenance.
    const got = await eventually('a label for every audited task', () => {
      const l = mine<LabelEvent>(labels, TOPICS.labels).filter((x) => auditIds.has(x.provenance?.taskId ?? ''));
      return l.length >= auditIds.size ? l : undefined;
    }, 60000, 500);
    for (const l of got) {
      expect(l.label).toBe(truthOf.get(l.provenance!.taskId)!.label);
      expect(l.provenance?.aggregation?.method).not.toBe(AggregationMethod.MACHINE_AUTO_ACCEPT);
      expect(l.provenance!.answers.filter((a) => a.source === AnswerSource.HUMAN).map((a) => a.draftShown)).toEqual([false]);
    }
  }, 180000);
});
