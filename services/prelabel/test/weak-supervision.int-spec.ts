import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  AnswerSource,
  ContentType,
  createEvent,
  decodeEvent,
  LabelStatus,
  ModelBackend,
  newEnvelope,
  PrelabelMode,
  PrelabelRoute,
  ProjectChange,
  ProjectRole,
  QuestionKind,
  TaskOrigin,
  TOPICS,
  uuidv7,
  type AnnotationEvent,
  type PrelabelEvent,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { rng, shuffle } from '../src/domain/text.classifier';
import { PrelabelModule } from '../src/prelabel.module';
import { prelabelSettings } from '../src/prelabel.settings';
import { loadYoutubeSpam } from './support/youtube-spam';
import { YOUTUBE_SPAM_LFS } from './support/youtube-spam-lfs';

// Weak supervision end to end on the real stack (prelabel in-process, no local model, no LLM):
// YouTube comments of files 01–04 are held with 250 decided labels, ten labeling functions in the
// spirit of Snorkel's spam tutorial are saved over HTTP (each save backfills and refits the label
// model), then comments of file 05 arrive. Confident weak labels are auto-accepted (or audited)
// as MACHINE answers of backend LABEL_MODEL naming every LF vote; the others go to humans with
// the weak label as the draft; a comment no LF votes on gets none.
describe('weak supervision on the real stack', () => {
  stackEnv();
  jest.setTimeout(240000);
  const projectId = uniqueName('pl-ws');
  const questionId = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const all = loadYoutubeSpam();
  const held = shuffle(all.filter((c) => !c.key.startsWith('Youtube05')), rng(5)).slice(0, 800);
  const labeled = held.slice(0, 250);
  const arriving = shuffle(all.filter((c) => c.key.startsWith('Youtube05')), rng(6)).slice(0, 150);
  const truth = new Map(all.map((c) => [c.key, c.label]));
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;
  let prelabels: TopicTap;
  let annotations: TopicTap;

  const question = {
    questionId,
    kind: QuestionKind.SINGLE_CHOICE,
    prompt: 'Is this comment spam?',
    options: [{ optionId: 'ham', label: 'Not spam' }, { optionId: 'spam', label: 'Spam' }],
  };
  const itemOf = (key: string) => `${projectId}:${key}`;
  const keyOf = (itemId: string) => itemId.slice(projectId.length + 1);
  const taskEvent = (key: string, text: string) =>
    createEvent(TOPICS.tasks, {
      envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }),
      task: {
        taskId: uuidv7(), itemId: itemOf(key), projectId, questionId, ontologyVersion: 1, question, contentType: ContentType.TEXT,
        answersRequired: 1, priority: 0, origin: TaskOrigin.NEW_ITEM, maskedText: text,
      },
    } as never);
  const labelEvent = (key: string, label: string) =>
    createEvent(TOPICS.labels, {
      envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
      itemId: itemOf(key), questionId, ontologyVersion: 1, labelVersion: 1, status: LabelStatus.ACTIVE, label,
      answer: { value: { case: 'choice', value: { optionIds: [label] } } }, confidence: 1,
      provenance: { answers: [{ annotatorId: 'alice', source: AnswerSource.HUMAN }] },
    } as never);
  const pm = signServiceToken({ kind: 'user', id: 'pm-1', roles: ['project_manager'] }, 'prelabel', jwtSecret);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/v1/projects/${projectId}/prelabel${path}`, {
      method,
      headers: { authorization: `Bearer ${pm}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const mine = <T>(tap: TopicTap, topic: typeof TOPICS.prelabels | typeof TOPICS.annotations) =>
    tap.records.map((r) => decodeEvent(topic as never, r.value) as unknown as T).filter((e) => (e as { envelope?: { projectId: string } }).envelope?.projectId === projectId);
  const labelModels = async () =>
    (await ds.query(`SELECT version, threshold, report -> 'labelModel' AS fit FROM prelabel.models WHERE project_id = $1 AND backend = 'labelmodel' ORDER BY version`, [projectId])) as {
      version: number;
      threshold: number | null;
      fit: { lfs: string[]; votes: number };
    }[];

  const lfs = YOUTUBE_SPAM_LFS;

  beforeAll(async () => {
    const config = loadConfig('prelabel', { ...platformSettings, ...prelabelSettings }, {
      ...process.env,
      JWT_SECRET: jwtSecret,
      LLM_BASE_URL: '',
      // No local model until the 251st label: until then what is auto-accepted is weak supervision's doing alone.
      PRELABEL_LOCAL_MIN_LABELS: String(labeled.length + 1),
      PRELABEL_LOCAL_RETRAIN_EVERY: '100000',
      PRELABEL_AL_INTERVAL_MS: '0',
    } as NodeJS.ProcessEnv);
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'prelabel-ws-it' });
    producer = new EventProducer(kafka, protobufCodec, 'prelabel-ws-it');
    await producer.connect();
    app = await NestFactory.create(PrelabelModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    ds = app.get(DATA_SOURCE);
    prelabels = await new TopicTap(kafka, TOPICS.prelabels.name).start();
    annotations = await new TopicTap(kafka, TOPICS.annotations.name).start();
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.ONTOLOGY_PUBLISHED,
        project: {
          projectId, name: projectId, revision: 1n, policy: { answersPerTask: 1, targetPrecision: 0.9, auditRate: 0.25, prelabelMode: PrelabelMode.LOCAL },
          // A source nobody sends: with an ontology and no filter, decomposition would turn every later
          // suite's content into tasks here, and this project's trained models would auto-accept them.
          filter: { sources: [`${projectId}-no-content`] },
          currentOntology: { version: 1, questions: [question] },
          members: [{ userId: 'pm-1', roles: [ProjectRole.PROJECT_MANAGER], active: true }],
        },
      } as never),
    );
    await eventually('the project copy with its ontology', async () => ((await ds.query(`SELECT 1 FROM prelabel.projects WHERE project_id = $1 AND ontology IS NOT NULL`, [projectId])).length ? true : undefined), 60000);
    await producer.publishMany(TOPICS.tasks, held.map((c) => taskEvent(c.key, c.text)));
    await producer.publishMany(TOPICS.labels, labeled.map((c) => labelEvent(c.key, c.label)));
    await eventually('the tasks and labels held', async () => {
      const [t] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.tasks WHERE project_id = $1`, [projectId]);
      const [l] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.labels WHERE project_id = $1`, [projectId]);
      return t.n === held.length && l.n === labeled.length ? true : undefined;
    }, 120000, 500);
  });

  afterAll(async () => {
    await prelabels?.stop();
    await annotations?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('saving LFs refits the label model on the active versions, without labels, and finds a threshold for the target precision against them', async () => {
    for (const lf of lfs) expect((await call('POST', '/labeling-functions', { ...lf, question_id: questionId })).status).toBe(201);
    const fits = await labelModels();
    // One fit per save, each on the LF versions active then.
    expect(fits.map((f) => f.fit.lfs.length)).toEqual(lfs.map((_, i) => i + 1));
    const last = fits[fits.length - 1]!;
    expect(last.fit.lfs).toEqual(lfs.map((l) => `${l.id}@1`).sort());
    expect(last.threshold).not.toBeNull();
    const report = await call('GET', '/models');
    const models = report.body.models as { backend: string; nLabels: number; threshold: number | null; report: { targetPrecision: number } }[];
    const lm = models.find((m) => m.backend === 'labelmodel')!;
    expect(lm).toMatchObject({ threshold: last.threshold, report: { targetPrecision: 0.9 } });
    expect(lm.nLabels).toBeGreaterThan(150);

    // The LF analysis shows the label model and the active set per day of arrival.
    const analysis = await call('GET', `/labeling-functions/analysis?questionId=${questionId}&bucketMs=${24 * 3600 * 1000}`);
    expect(analysis.status).toBe(200);
    type Q = {
      totals: { items: number; coverage: number };
      overTime: { start: string; totals: { items: number } }[];
      labelModel: { version: number; current: boolean; lfs: string[]; threshold: number; weakLabels: number; coverage: number; calibrationPairs: number; accuracy: { defined: boolean; value: { trials: number; estimate: number } } };
    };
    const [q] = analysis.body.questions as Q[];
    expect(q!.labelModel).toMatchObject({ version: last.version, current: true, lfs: last.fit.lfs, threshold: last.threshold, calibrationPairs: lm.nLabels });
    const voted = (await ds.query(`SELECT count(DISTINCT item_id)::int AS n FROM prelabel.lf_votes WHERE project_id = $1`, [projectId]))[0].n as number;
    expect(q!.labelModel.weakLabels).toBe(voted);
    expect(q!.labelModel.coverage).toBeCloseTo(voted / held.length, 9);
    expect(q!.labelModel.accuracy.value.trials).toBe(lm.nLabels);
    expect(q!.labelModel.accuracy.value.estimate).toBeGreaterThan(0.8);
    expect(q!.overTime.reduce((n, b) => n + b.totals.items, 0)).toBe(q!.totals.items);
    expect((await call('GET', `/labeling-functions/analysis?bucketMs=1000`)).status).toBe(400);
  });

  it('arriving comments: confident weak labels auto-accepted or audited as LABEL_MODEL answers naming their votes, the rest drafts for humans, no vote no draft', async () => {
    await producer.publishMany(TOPICS.tasks, arriving.map((c) => taskEvent(c.key, c.text)));
    const drafts = await eventually('every arriving task routed', async () => {
      const rows = (await ds.query(
        `SELECT item_id, backend, route, option_id, calibrated, threshold FROM prelabel.drafts WHERE project_id = $1 AND item_id = ANY($2::text[])`,
        [projectId, arriving.map((c) => itemOf(c.key))],
      )) as { item_id: string; backend: string; route: string; option_id: string | null; calibrated: number | null; threshold: number | null }[];
      return rows.length === arriving.length ? rows : undefined;
    }, 120000, 500);
    const votes = new Map<string, string[]>();
    for (const v of (await ds.query(`SELECT item_id, lf_id, lf_version, label FROM prelabel.lf_votes WHERE project_id = $1 AND item_id = ANY($2::text[])`, [projectId, arriving.map((c) => itemOf(c.key))])) as {
      item_id: string; lf_id: string; lf_version: number; label: string;
    }[])
      votes.set(v.item_id, [...(votes.get(v.item_id) ?? []), `${v.lf_id}@${v.lf_version}=${v.label}`].sort());

    const machine = drafts.filter((d) => d.route === 'auto_accept' || d.route === 'audit');
    expect(machine.every((d) => d.backend === 'labelmodel' && d.calibrated! >= d.threshold!)).toBe(true);
    expect(machine.length).toBeGreaterThanOrEqual(30);
    const right = machine.filter((d) => truth.get(keyOf(d.item_id)) === d.option_id).length;
    expect(right / machine.length).toBeGreaterThanOrEqual(0.85);
    console.log(`weak supervision: ${machine.length} of ${arriving.length} arriving comments auto-accepted or audited, ${right} right against the data set's labels`);
    // Below the threshold: humans, with the weak label as the draft.
    for (const d of drafts.filter((x) => x.route === 'human_with_draft')) expect(d).toMatchObject({ backend: 'labelmodel' });
    expect(drafts.filter((x) => x.route === 'human_with_draft').every((d) => d.calibrated! < d.threshold!)).toBe(true);
    // No LF voted: no weak label, so no draft at all.
    for (const d of drafts) expect(d.route === 'human_without_draft').toBe(!votes.has(d.item_id));

    const answers = await eventually('the machine answers', async () => {
      const got = mine<AnnotationEvent>(annotations, TOPICS.annotations);
      return got.length >= machine.length ? got : undefined;
    }, 60000, 300);
    expect(answers).toHaveLength(machine.length);
    for (const a of answers) {
      const d = machine.find((m) => m.item_id === a.itemId)!;
      expect(a.source).toBe(AnswerSource.MACHINE);
      expect(a.audit).toBe(d.route === 'audit');
      expect(a.model?.backend).toBe(ModelBackend.LABEL_MODEL);
      expect(a.model?.calibratedConfidence).toBeCloseTo(d.calibrated!, 9);
      expect(a.model!.lfVotes.map((v) => `${v.lfId}@${v.lfVersion}=${v.optionId}`).sort()).toEqual(votes.get(a.itemId));
    }
    // Audits are blind: their prelabels.v1 event carries no draft.
    const events = await eventually('the prelabel events', async () => {
      const got = mine<PrelabelEvent>(prelabels, TOPICS.prelabels).filter((e) => e.task?.itemId && arriving.some((c) => itemOf(c.key) === e.task!.itemId));
      return got.length === arriving.length ? got : undefined;
    }, 60000, 300);
    for (const e of events.filter((x) => x.route === PrelabelRoute.AUDIT)) expect(e.draft).toBeUndefined();
    expect(events.filter((x) => x.route === PrelabelRoute.HUMAN_WITH_DRAFT).every((e) => e.draft !== undefined && e.model?.backend === ModelBackend.LABEL_MODEL)).toBe(true);
  });

  it('the local model then trains on the weak labels of the unlabeled items too, and is calibrated on decided labels only', async () => {
    const extra = held[labeled.length]!;
    await producer.publish(TOPICS.labels, labelEvent(extra.key, extra.label));
    type Model = { backend: string; nLabels: number; weakLabels: number; report: { heldOut: number } };
    const local = await eventually('the local model', async () => ((await call('GET', '/models')).body.models as Model[]).find((x) => x.backend === 'local'), 120000, 500);
    const unlabeledVoted = (await ds.query(
      `SELECT count(DISTINCT v.item_id)::int AS n FROM prelabel.lf_votes v WHERE v.project_id = $1
         AND NOT EXISTS (SELECT 1 FROM prelabel.labels l WHERE l.project_id = v.project_id AND l.item_id = v.item_id)`,
      [projectId],
    ))[0].n as number;
    expect(local.nLabels).toBe(labeled.length + 1);
    expect(local.report.heldOut).toBe(labeled.length + 1);
    expect(local.weakLabels).toBe(unlabeledVoted);
    expect(local.weakLabels).toBeGreaterThan(400);
  });

  it('retiring an LF refits without it before the answer', async () => {
    const before = await labelModels();
    expect((await call('DELETE', '/labeling-functions/subjective')).status).toBe(200);
    const after = await labelModels();
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]!.fit.lfs).toEqual(lfs.filter((l) => l.id !== 'subjective').map((l) => `${l.id}@1`).sort());
  });
});
