import path from 'node:path';
import { Kafka } from 'kafkajs';
import {
  AnnotatorChange,
  AnswerSource,
  ContentType,
  createEvent,
  decodeEvent,
  newEnvelope,
  TOPICS,
  type AnnotationEvent,
  type AnnotatorEvent,
  type LabelEvent,
  type TaskEvent,
} from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { protobufCodec } from '@verity/service-runtime';
import { ObjectStore } from '@verity/storage';
import { context, SpanKind, startTelemetry, traceparentOf, withSpan } from '@verity/telemetry';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// Issue 5's one-comment trace, run as users run it: every service of the main path as a real
// process on the real stack; people act through the gateway's HTTP API (SDK). An ambiguous
// comment gets non_toxic, harassment, non_toxic; agreement 1/3 < 0.7 sends it to an expert, who
// says harassment with a note and proposes it as gold; the PM confirms gold. labels.v1 and the
// next release say harassment, adjudicated, gold, with all four people's provenance, and the
// annotators' reliabilities move the right way on annotators.v1. The services export spans to the
// stack's Zipkin: the comment's journey is one trace there, every span leading back to the span
// that published the content event (issue #15).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

const run = uniqueName('trace');
const source = `src-${run}`;
const password = 'correct horse battery staple';
const TEXT = 'Honestly nobody in this thread wants you around anymore, maybe take the hint';

interface Started {
  name: string;
  url: string;
  log: string;
  child: { exitCode: number | null };
}

/** Collects one topic's records of one project, from the moment it has joined (fromBeginning: false). */
async function tap<T extends { envelope?: { projectId: string } }>(kafka: Kafka, topic: { name: string }, projectId: () => string) {
  const got: T[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName(`trace-tap-${topic.name}`) });
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = decodeEvent(topic as never, message.value!) as unknown as T;
      if (e.envelope?.projectId === projectId()) got.push(e);
    },
  });
  await joined;
  return { got, stop: () => consumer.disconnect() };
}

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  localEndpoint?: { serviceName?: string };
}

/** The services whose spans the trace must hold: every hop of the item's journey. */
const JOURNEY = ['ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'adjudication', 'export'];

/** Spans whose parent chain does not end at `rootId` (a missing parent breaks the chain too). */
function strays(spans: ZipkinSpan[], rootId: string): ZipkinSpan[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  return spans.filter((s) => {
    let at: ZipkinSpan | undefined = s;
    for (let hops = 0; at && hops < 1000; hops++) {
      if (at.id === rootId) return false;
      at = at.parentId ? byId.get(at.parentId) : undefined;
    }
    return true;
  });
}

describe('the one-comment trace (real processes, real stack)', () => {
  const env = stackEnv();
  // scripts/test.cjs starts the stack's Zipkin and hands its URL to this test only.
  const zipkin = process.env.VERITY_TEST_ZIPKIN_URL ?? process.env.ZIPKIN_URL;
  let services: Started[] = [];
  let gateway: string;

  beforeAll(async () => {
    // startServices spawns process.execPath; on another Node, run-ts.cjs re-executes itself on
    // Node 22 as a child that stopServices' SIGTERM never reaches (it would outlive the test).
    if (Number(process.versions.node.split('.')[0]) !== 22) {
      throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}`);
    }
    if (!zipkin) throw new Error('no Zipkin: run integration tests through `npm test`, which starts one with the stack (VERITY_ZIPKIN=1)');
    services = startServices({
      names: ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'adjudication', 'export'],
      basePort: 18280,
      logSuffix: '.trace',
      // A release builds JSONL + Parquet and writes S3 synchronously: on a loaded 2-core box it
      // can take longer than the gateway's default 10 s upstream timeout.
      // Prelabel has no model for this project: every task goes on to people, without a draft.
      env: { UPSTREAM_TIMEOUT_MS: '60000', ZIPKIN_URL: zipkin },
    });
    await waitReady(services, 240000);
    // Everything goes through the gateway: it forwards the annotator API to assignment, the
    // expert API to adjudication and releases to export (ASSIGNMENT_URL, ADJUDICATION_URL, EXPORT_URL).
    gateway = services.find((s) => s.name === 'gateway')!.url;
  }, 300000);

  afterAll(async () => {
    await stopServices(services);
  }, 60000);

  it('ambiguous comment → LOW_AGREEMENT → expert says harassment (gold) → labels.v1 + release + reliabilities', async () => {
    const admin = await VerityClient.signIn(gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
    const spec = [
      ['pm', ['project_manager']],
      ['a1', ['annotator']],
      ['a2', ['annotator']],
      ['a3', ['annotator']],
      ['qa', ['quality_analyst']],
    ] as const;
    const people = await Promise.all(
      spec.map(([n, roles]) => admin.createUser({ email: `${n}-${run}@trace.verity`, displayName: n, password, roles: [...roles] })),
    );
    const [pmUser, a1, a2, a3, qaUser] = people;
    const annotators = [a1, a2, a3];
    const pm = await VerityClient.signIn(gateway, pmUser.email, password);

    const project = await pm.createProject({
      name: `Trace ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: 3, agreementThreshold: 0.7, honeypotRate: 0, leaseSeconds: 600 },
    });
    let projectId = '';
    projectId = project.id;
    for (const a of annotators) await pm.setMember(project.id, a.id, { roles: ['annotator'], languages: ['en'] });
    await pm.setMember(project.id, qaUser.id, { roles: ['quality_analyst'], languages: ['en'] });
    const guidelines = 'Harassment: an attack on a person, including telling them to leave or that they are unwanted.';
    const draft = await pm.createOntologyDraft(project.id, {
      guidelines: { text: guidelines, examples: [] },
      questions: [
        {
          id: 'toxicity',
          type: 'single_choice',
          prompt: 'Is this comment toxic?',
          options: [
            { id: 'non_toxic', label: 'Not toxic' },
            { id: 'harassment', label: 'Harassment' },
            { id: 'hate', label: 'Hate' },
          ],
        },
      ],
    });
    await pm.publishOntology(project.id, draft.version);

    const kafka = createKafka({ brokers: env.brokers, clientId: `trace-${run}` });
    const labels = await tap<LabelEvent>(kafka, TOPICS.labels, () => projectId);
    const reliability = await tap<AnnotatorEvent>(kafka, TOPICS.annotators, () => projectId);
    const taskEvents = await tap<TaskEvent>(kafka, TOPICS.tasks, () => projectId);
    const annotationEvents = await tap<AnnotationEvent>(kafka, TOPICS.annotations, () => projectId);
    const producer = new EventProducer(kafka, protobufCodec, 'trace-upstream');
    await producer.connect();
    // The upstream producer traces too: its span is the root of the comment's trace.
    const upstream = startTelemetry({ serviceName: 'trace-upstream', zipkinUrl: zipkin, instrument: false });
    try {
      const contentEvent = createEvent(TOPICS.content, {
        envelope: newEnvelope({ producer: 'trace-upstream', projectId: '', spec: TOPICS.content }),
        source,
        sourceId: 'comment-ambiguous',
        contentType: ContentType.TEXT,
        body: { case: 'text', value: TEXT },
        language: 'en',
      });
      const root = await withSpan('publish comment', SpanKind.PRODUCER, context.active(), {}, async (span) => {
        await producer.publish(TOPICS.content, contentEvent);
        return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, traceparent: traceparentOf() };
      });
      await upstream.shutdown(); // flushes the root span to Zipkin (a second shutdown below is a no-op)
      expect(contentEvent.envelope!.traceparent).toMatch(new RegExp(`^00-${root.traceId}-`));

      // Three annotators answer over HTTP: non_toxic, harassment, non_toxic.
      const clients = await Promise.all(annotators.map((a) => VerityClient.signIn(gateway, a.email, password)));
      const tasks = await Promise.all(
        clients.map((c, i) => eventually(`a task for annotator ${i + 1}`, () => c.nextTask(project.id).then((t) => t ?? undefined), 120000, 1000)),
      );
      expect(new Set(tasks.map((t) => t.taskId)).size).toBe(1);
      const itemId = tasks[0].itemId;
      const answers = ['non_toxic', 'harassment', 'non_toxic'];
      for (let i = 0; i < 3; i++) {
        await clients[i].submit(tasks[i].taskId, tasks[i].leaseId, { choice: { optionIds: [answers[i]] } }, 4000 + i * 500);
      }

      // The expert (project role quality_analyst) sees it in the queue with the reason.
      const qa = await VerityClient.signIn(gateway, qaUser.email, password);
      const queued = await eventually(
        'the request in the expert queue',
        async () => {
          const r = await qa.raw('GET', `/v1/projects/${project.id}/adjudications?state=open`);
          const list = (r.body as { requests?: { itemId: string; reasons: string[] }[] } | null)?.requests ?? [];
          return r.status === 200 && list.length > 0 ? list : undefined;
        },
        120000,
        1000,
      );
      expect(queued).toHaveLength(1);
      expect(queued[0].itemId).toBe(itemId);
      expect(queued[0].reasons).toContain('LOW_AGREEMENT');

      // The content view comes from items.v1 (the request from quality carries no text).
      const claimed = await eventually(
        'a claim that shows the text',
        async () => {
          const r = await qa.raw('POST', `/v1/projects/${project.id}/adjudications/next`);
          const v = r.body as { content?: { maskedText: string | null } } | null;
          return r.status === 200 && v?.content?.maskedText ? r.body : undefined;
        },
        60000,
        1000,
      );
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const view = claimed as any;
      expect(view.content.maskedText).toBe(TEXT);
      expect(view.guidelines.text).toBe(guidelines);
      expect(view.reasons).toContain('LOW_AGREEMENT');
      expect(view.agreement.pairwise).toBeCloseTo(1 / 3, 9);
      expect(view.thresholds.agreement).toBeCloseTo(0.7, 9);
      expect(view.question.options.map((o: { optionId: string }) => o.optionId)).toEqual(['non_toxic', 'harassment', 'hate']);
      const byAnnotator = new Map<string, { label: string; reliability: number }>(
        view.answers.map((a: { annotatorId: string; label: string; reliability: number }) => [a.annotatorId, a]),
      );
      expect([...byAnnotator.keys()].sort()).toEqual(annotators.map((a) => a.id).sort());
      for (let i = 0; i < 3; i++) {
        const a = byAnnotator.get(annotators[i].id)!;
        expect(a.label).toBe(answers[i]);
        expect(a.reliability).toBeGreaterThan(0);
        expect(a.reliability).toBeLessThanOrEqual(1);
      }

      const note = 'Telling a person nobody wants them around is an attack on them: harassment under the guidelines.';
      const verdict = await qa.raw('POST', `/v1/adjudications/${view.requestId}/verdict`, {
        label: 'harassment',
        confidence: 0.9,
        note,
        goldCandidate: true,
      });
      expect(verdict.status).toBe(201);
      expect(verdict.body).toMatchObject({ label: 'harassment', goldCandidate: true, gold: false, overrodeMajority: 'non_toxic' });

      const confirm = await pm.raw('POST', `/v1/projects/${project.id}/gold/${view.requestId}/confirm`);
      expect(confirm.status).toBe(201);
      expect(confirm.body).toMatchObject({ gold: true, confirmedBy: pmUser.id });

      // labels.v1: the verdict's version, then the gold confirmation as a new version.
      const versions = await eventually(
        'the adjudicated and the gold label versions',
        () => {
          const mine = labels.got.filter((l) => l.itemId === itemId);
          return mine.some((l) => l.gold) ? [...mine].sort((x, y) => x.labelVersion - y.labelVersion) : undefined;
        },
        120000,
      );
      expect(versions.map((l) => [l.label, l.adjudicated, l.gold])).toEqual([
        ['harassment', true, false],
        ['harassment', true, true],
      ]);
      expect(versions[1].labelVersion).toBe(versions[0].labelVersion + 1);
      const gold = versions[1];
      expect(gold.questionId).toBe('toxicity');
      expect(gold.ontologyVersion).toBe(draft.version);
      expect(gold.content?.contentSha256).toMatch(/^[0-9a-f]{64}$/);
      const prov = gold.provenance!;
      expect(prov.verdict).toMatchObject({ adjudicatorId: qaUser.id, note, goldCandidate: true });
      const humans = prov.answers.filter((a) => a.source === AnswerSource.HUMAN);
      expect(humans.map((a) => a.annotatorId).sort()).toEqual(annotators.map((a) => a.id).sort());
      for (const h of humans) {
        expect(h.reliability).toBeGreaterThan(0);
        expect(h.submittedAt).toBeDefined();
      }
      const expert = prov.answers.filter((a) => a.source === AnswerSource.EXPERT);
      expect(expert.map((a) => a.annotatorId)).toEqual([qaUser.id]);
      const people4 = new Set(prov.answers.map((a) => a.annotatorId));
      for (const p of [...annotators, qaUser]) expect(people4.has(p.id)).toBe(true);

      // A release through export contains the label: harassment, adjudicated, gold.
      const release = await pm.raw('POST', `/v1/projects/${project.id}/releases`, { name: `trace-${run}` });
      expect(release.status).toBe(201);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const rel = release.body as any;
      expect(rel.label_count).toBe(1);
      const jsonl = rel.files.find((f: { key: string }) => f.key.endsWith('labels.jsonl'));
      const store = new ObjectStore(env.s3);
      const rows = (await store.get(jsonl.key, { expectedSha256: jsonl.sha256 })).body
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l: string) => JSON.parse(l));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ item_id: itemId, question_id: 'toxicity', label: 'harassment', adjudicated: true, gold: true, label_version: gold.labelVersion });

      // "How was this label made?": the whole chain in one answer, every link with the id of the
      // event that carried it, nothing missing.
      const audit = await pm.raw('GET', `/v1/projects/${project.id}/labels/${itemId}/toxicity/audit`);
      expect(audit.status).toBe(200);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const chain = (audit.body as any).chain;
      expect(chain.missing).toEqual([]);
      expect(chain.contentEventIds).toEqual([contentEvent.envelope!.eventId]);
      const taskEvent = taskEvents.got.find((e) => e.task?.taskId === tasks[0].taskId)!;
      expect(chain.taskEventIds).toEqual([taskEvent.envelope!.eventId]);
      const submitted = annotationEvents.got.filter((e) => e.taskId === tasks[0].taskId && e.source === AnswerSource.HUMAN);
      expect(submitted).toHaveLength(3);
      const humansInChain = chain.annotations.filter((a: { source: string }) => a.source === 'human');
      expect(Object.fromEntries(humansInChain.map((a: { annotationId: string; eventId: string }) => [a.annotationId, a.eventId]))).toEqual(
        Object.fromEntries(submitted.map((e) => [e.annotationId, e.envelope!.eventId])),
      );
      for (const a of humansInChain) expect(a.taskEventId).toBe(taskEvent.envelope!.eventId);
      expect(chain.releaseIds).toContain(rel.releaseId);
      expect(chain.path.map((step: { step: string }) => step.step)).toEqual(
        expect.arrayContaining(['content', 'item', 'task', 'annotation', 'decision', 'label_version', 'release']),
      );

      // annotators.v1: quality folds the expert's verdict into known truth; the two non_toxic
      // annotators move down, the harassment one up (from the reliability their answers carried).
      const fromQuality = await eventually(
        "quality's reliability updates for all three",
        () => {
          const latest = annotators.map((a) =>
            reliability.got.filter((e) => e.annotatorId === a.id && e.envelope?.producer === 'quality' && e.goldScored >= 1).at(-1),
          );
          return latest.every(Boolean) ? (latest as AnnotatorEvent[]) : undefined;
        },
        120000,
      );
      for (let i = 0; i < 3; i++) {
        const before = byAnnotator.get(annotators[i].id)!.reliability;
        const e = fromQuality[i];
        expect(e.change).not.toBe(AnnotatorChange.EXPERT_VERDICT);
        if (answers[i] === 'harassment') {
          expect(e.reliability).toBeGreaterThan(before);
          expect(e.goldAccuracy).toBe(1);
        } else {
          expect(e.reliability).toBeLessThan(before);
          expect(e.goldAccuracy).toBe(0);
        }
        expect(e.goldScored).toBe(1); // the verdict and its gold confirmation count once
      }
      // adjudication's own provisional observations point the same way.
      for (let i = 0; i < 3; i++) {
        const obs = reliability.got.find((e) => e.annotatorId === annotators[i].id && e.change === AnnotatorChange.EXPERT_VERDICT);
        expect(obs?.expertObservation?.agreed).toBe(answers[i] === 'harassment');
        if (answers[i] === 'harassment') expect(obs!.reliability).toBeGreaterThan(obs!.previousReliability!);
        else expect(obs!.reliability).toBeLessThan(obs!.previousReliability!);
      }

      // One trace in Zipkin for the whole journey. Every event on the way says so in its envelope;
      // the people's answers and the expert's verdict continue it (linked to their HTTP requests).
      for (const e of [taskEvent, ...submitted, versions[0]]) expect(e.envelope!.traceparent).toMatch(new RegExp(`^00-${root.traceId}-`));
      const spans = await eventually(
        'spans of every service of the journey in one Zipkin trace',
        async () => {
          const r = await fetch(`${zipkin}/api/v2/trace/${root.traceId}`);
          if (r.status !== 200) return undefined;
          const got = (await r.json()) as ZipkinSpan[];
          const services = new Set(got.map((s) => s.localEndpoint?.serviceName));
          const verdictSpan = got.some((s) => s.name === 'give verdict' && s.localEndpoint?.serviceName === 'adjudication');
          const exported = got.some((s) => s.name === 'process decisions.v1' && s.localEndpoint?.serviceName === 'export');
          return JOURNEY.every((n) => services.has(n)) && verdictSpan && exported ? got : undefined;
        },
        60000,
        1000,
      );
      expect(spans.every((s) => s.traceId === root.traceId)).toBe(true);
      expect(spans.find((s) => s.id === root.spanId)?.localEndpoint?.serviceName).toBe('trace-upstream');
      expect(spans.filter((s) => s.name === 'submit answer' && s.localEndpoint?.serviceName === 'assignment')).toHaveLength(3);
      expect(strays(spans, root.spanId).map((s) => `${s.localEndpoint?.serviceName}: ${s.name}`)).toEqual([]);
    } finally {
      await labels.stop();
      await reliability.stop();
      await taskEvents.stop();
      await annotationEvents.stop();
      await producer.disconnect();
      await upstream.shutdown();
    }
  }, 600000);
});
