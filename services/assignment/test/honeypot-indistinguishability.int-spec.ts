import { create } from '@bufbuild/protobuf';
import {
  AnswerSchema,
  createEvent,
  newEnvelope,
  PrelabelEventSchema,
  PrelabelRoute,
  ProjectChange,
  ProjectRole,
  QuestionKind,
  TaskSchema,
  TOPICS,
  uuidv7,
  type PrelabelEvent,
} from '@verity/contracts';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@verity/config';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually } from '@verity/testing';
import { AssignmentModule } from '../src/assignment.module';
import { assignmentSettings } from '../src/assignment.settings';
import { EnqueueTaskUseCase } from '../src/use-cases/enqueue-task.use-case';
import { Harness, keyPaths, RUN } from './assignment-harness';
import { evaluate, rng, type Row } from './leak-classifier';

// Issue #12: can an annotator tell a honeypot from a real task? A project with prelabel on
// (most tasks carry a draft, some are audits, some have none), 200 gold items registered by the
// manager without guidelines, a 20 % honeypot rate and > 5,000 leases over HTTP. A classifier
// is trained on everything the annotator sees (every field of the task view, every nibble and
// timestamp of the ids, draft presence, guidelines, payload shape, response times) and must do
// no better than chance among tasks without a draft; over all tasks, no better than draft
// presence alone, whose weight the blind controls bound. A control with the old id leak must
// be caught by the same classifier.
/**
 * The harness without its annotations.v1 reader (this test reads no events: it would decode the
 * whole topic in the service's process while the leases are timed).
 */
class QuietHarness extends Harness {
  override async start(env: Record<string, string> = {}): Promise<void> {
    const config = loadConfig('assignment', { ...platformSettings, ...assignmentSettings }, { ...process.env, ASSIGNMENT_TASK_SOURCE: 'tasks', ...env });
    this.app = await NestFactory.create(AssignmentModule.register(config), { logger: ['error'] });
    await connectEventHandlers(this.app);
    await this.app.listen(0, '127.0.0.1');
    this.base = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    this.ds = this.app.get(DATA_SOURCE);
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${RUN}-indistinguishable` });
    this.producer = new EventProducer(this.kafka, protobufCodec, 'assignment-test');
    await this.producer.connect();
  }
}

const h = new QuietHarness();
const HONEYPOT_RATE = 0.2;
const AUDIT_RATE = 0.1;
const ANNOTATORS = 20;
const LEASES_PER_ANNOTATOR = 260;
// N = 3 answers per task (the policy's default): real content recurs across annotators as gold
// does (each gold item is served to several annotators, never twice to one).
const ANSWERS = 3;
const ITEMS = 800;
const GOLD_PER_QUESTION = 100;
const GUIDELINES = 'Spam is unsolicited advertising. Topics: pick every topic the text is mainly about; none if unsure.';
const QUESTIONS = {
  q1: {
    questionId: 'q1',
    kind: QuestionKind.SINGLE_CHOICE,
    prompt: 'Is this spam?',
    options: [
      { optionId: 'yes', label: 'Yes', description: 'Unsolicited advertising' },
      { optionId: 'no', label: 'No', description: 'Anything else' },
    ],
    required: true,
    contentTypes: [],
  },
  q2: {
    questionId: 'q2',
    kind: QuestionKind.MULTIPLE_CHOICE,
    prompt: 'Which topics?',
    options: ['sports', 'money', 'health', 'travel'].map((id) => ({ optionId: id, label: id, description: `About ${id}` })),
    required: true,
    minSelections: 1,
    maxSelections: 2,
    contentTypes: [],
  },
};
const WORDS = 'buy now cheap watch offer free money win prize team match goal doctor health flight hotel beach bank loan rate click here today limited deal'.split(' ');

beforeAll(async () => {
  await h.start({ ASSIGNMENT_SWEEP_INTERVAL_MS: '5000' });
}, 180000);
afterAll(async () => {
  await h.stop();
});

/** Item text, drawn the same way for real and gold items (the manager picks gold like real content). */
function text(r: () => number): string {
  const n = 6 + Math.floor(r() * 35);
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

function answerFor(q: 'q1' | 'q2', r: () => number) {
  return q === 'q1' ? { choice: { optionIds: [r() < 0.5 ? 'yes' : 'no'] } } : { choice: { optionIds: [['sports', 'money', 'health', 'travel'][Math.floor(r() * 4)]!] } };
}

async function publishProject(projectId: string, members: { userId: string; roles: ProjectRole[] }[]): Promise<void> {
  const event = createEvent(TOPICS.projects, {
    envelope: newEnvelope({ producer: 'gateway', projectId }),
    change: ProjectChange.CREATED,
    project: {
      projectId,
      name: projectId,
      revision: 1n,
      // blindControlRate absent: honeypotRate + auditRate, the rule's least.
      policy: { answersPerTask: ANSWERS, honeypotRate: HONEYPOT_RATE, auditRate: AUDIT_RATE, leaseSeconds: 600, routing: { requiredSkills: [], matchLanguage: false } },
      currentOntology: { version: 1, guidelines: { text: GUIDELINES }, questions: Object.values(QUESTIONS) },
      members: members.map((m) => ({ ...m, skills: [], languages: [], active: true })),
    },
  } as never);
  await h.producer.publish(TOPICS.projects, event);
  await eventually(`project ${projectId} copied`, async () => {
    const rows = await h.ds.query(`SELECT 1 FROM assignment.projects WHERE project_id = $1`, [projectId]);
    return rows.length ? true : undefined;
  }, 180000); // the service's consumer group may first wait out a previous member's session
}

/** Real work as prelabel routes it: 75 % with a draft, 10 % audits (blind), 15 % without a draft. */
async function queueRealTasks(projectId: string, r: () => number): Promise<void> {
  const enqueue = h.app.get(EnqueueTaskUseCase);
  const events: { ev: PrelabelEvent; id: string }[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const itemId = uuidv7(); // ingestion
    const body = text(r);
    for (const q of ['q1', 'q2'] as const) {
      const task = create(TaskSchema, {
        taskId: uuidv7(), // decomposition, a moment later
        itemId,
        projectId,
        questionId: q,
        ontologyVersion: 1,
        question: QUESTIONS[q],
        contentType: 1,
        language: 'en',
        requiredSkills: [],
        answersRequired: ANSWERS,
        priority: 0,
        origin: 1,
        honeypot: false,
        maskedText: body,
        guidelines: GUIDELINES,
      });
      const u = r();
      const route = u < 0.75 ? PrelabelRoute.HUMAN_WITH_DRAFT : u < 0.85 ? PrelabelRoute.AUDIT : PrelabelRoute.HUMAN_WITHOUT_DRAFT;
      const draft = route === PrelabelRoute.HUMAN_WITH_DRAFT ? create(AnswerSchema, { value: { case: 'choice', value: answerFor(q, r).choice } }) : undefined;
      events.push({
        ev: create(PrelabelEventSchema, { envelope: newEnvelope({ producer: 'prelabel', projectId, causationId: uuidv7() }), task, route, draft }),
        id: uuidv7(),
      });
    }
  }
  for (let i = 0; i < events.length; i += 400) {
    await h.ds.transaction(async (tx) => {
      for (const { ev, id } of events.slice(i, i + 400)) await enqueue.fromPrelabel(tx, ev, id);
    });
  }
  // A freshly reset shared database has no statistics for thousands of rows loaded a second ago
  // (autovacuum has not run yet): the queue query would then be planned as a nested loop over
  // every slot. A queue that lives in production has them.
  await h.ds.query(`ANALYZE assignment.tasks, assignment.slots, assignment.assignments`);
}

interface Served {
  view: Record<string, unknown>;
  user: string;
  n: number;
  leaseMs: number;
  submitMs: number;
  submitStatus: number;
  submitKeys: string;
}

/** One annotator working through the queue: lease, answer, submit; timings as the client sees them. */
async function work(projectId: string, user: string, r: () => number, out: Served[]): Promise<void> {
  for (let n = 0; n < LEASES_PER_ANNOTATOR; n++) {
    const t0 = performance.now();
    const lease = await h.next(projectId, user);
    const leaseMs = performance.now() - t0;
    if (lease.status === 204) return;
    expect(lease.status).toBe(200);
    const view = lease.body as Record<string, unknown>;
    const q = (view.question as { id: 'q1' | 'q2' }).id;
    const t1 = performance.now();
    const sub = await h.submit(view.taskId as string, user, { leaseId: view.leaseId, answer: answerFor(q, r), timeSpentMs: 2000 + Math.floor(r() * 20000) });
    const submitMs = performance.now() - t1;
    expect(sub.status).toBe(201);
    out.push({ view, user, n, leaseMs, submitMs, submitStatus: sub.status, submitKeys: keyPaths(sub.body).join(',') });
  }
}

function hash(s: string): number {
  let x = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return x / 2 ** 32;
}

/** Everything the annotator can see of one lease, as numbers. */
function features(s: Served): Row {
  const v = s.view as {
    taskId: string;
    itemId: string;
    leaseId: string;
    leaseExpiresAt: string;
    projectId: string;
    ontologyVersion: number;
    question: { id: string; type: string; prompt: string; options: { id: string; label: string; description: string }[]; required: boolean; minSelections: number | null; maxSelections: number | null };
    guidelines: string;
    content: { type: string; text: string | null; mediaUrl: string | null; mediaType: string | null };
    draft: unknown;
  };
  const f: Row = {};
  const ts: Record<string, number> = {};
  for (const [name, id] of [['task', v.taskId], ['item', v.itemId], ['lease', v.leaseId]] as const) {
    const hex = id.replace(/-/g, '');
    for (let i = 0; i < 32; i++) f[`${name}.nibble${String(i).padStart(2, '0')}`] = parseInt(hex[i]!, 16);
    ts[name] = parseInt(hex.slice(0, 12), 16);
    f[`${name}.seq`] = parseInt(hex.slice(13, 16), 16);
    f[`${name}.msInSecond`] = ts[name]! % 1000;
  }
  const expires = Date.parse(v.leaseExpiresAt);
  f['time.taskAgeAtLease'] = ts.lease! - ts.task!;
  f['time.itemToTask'] = ts.task! - ts.item!;
  f['time.itemAgeAtLease'] = ts.lease! - ts.item!;
  f['time.leaseLength'] = expires - ts.lease!;
  f['time.expiresMsInSecond'] = expires % 1000;
  f['view.keys'] = hash(keyPaths(v).join(','));
  f['view.project'] = hash(v.projectId);
  f['view.ontologyVersion'] = v.ontologyVersion;
  f['question.id'] = hash(v.question.id);
  f['question.type'] = hash(v.question.type);
  f['question.prompt'] = hash(v.question.prompt);
  f['question.options'] = hash(JSON.stringify(v.question.options));
  f['question.optionCount'] = v.question.options.length;
  f['question.descriptionChars'] = v.question.options.reduce((n, o) => n + o.description.length, 0);
  f['question.required'] = v.question.required ? 1 : 0;
  f['question.min'] = v.question.minSelections ?? -1;
  f['question.max'] = v.question.maxSelections ?? -1;
  f['guidelines.hash'] = hash(v.guidelines);
  f['guidelines.chars'] = v.guidelines.length;
  // The payload's shape, not its words: what gold says is the manager's choice, not the
  // platform's treatment (and words of a finite gold pool only measure that pool).
  f['content.type'] = hash(v.content.type);
  f['content.chars'] = v.content.text?.length ?? -1;
  f['content.words'] = v.content.text ? v.content.text.split(' ').length : -1;
  f['content.hasMedia'] = v.content.mediaUrl ? 1 : 0;
  f['content.mediaType'] = hash(v.content.mediaType ?? '');
  f['draft.present'] = v.draft === null ? 0 : 1;
  f['draft.hash'] = hash(JSON.stringify(v.draft));
  f['timing.leaseMs'] = s.leaseMs;
  f['timing.submitMs'] = s.submitMs;
  f['submit.status'] = s.submitStatus;
  f['submit.keys'] = hash(s.submitKeys);
  f['sequence.leaseNo'] = s.n;
  return f;
}

const fmt = (e: { auc: number; interval: [number, number] }) => `${e.auc.toFixed(3)} (95 % ${e.interval[0].toFixed(3)}–${e.interval[1].toFixed(3)})`;

describe('honeypots cannot be told apart (issue #12)', () => {
  it('a classifier on everything an annotator sees does no better than chance, and catches a planted leak', async () => {
    const r = rng(12);
    const p = h.project('indistinguishable');
    const pm = `${p}-pm`;
    const annotators = Array.from({ length: ANNOTATORS }, (_, i) => `${p}-ann-${i}`);
    await publishProject(p, [...annotators.map((userId) => ({ userId, roles: [ProjectRole.ANNOTATOR] })), { userId: pm, roles: [ProjectRole.PROJECT_MANAGER] }]);

    // 200 gold items registered by the manager, first (older than the real items), typed as a
    // manager would: no guidelines, no option descriptions.
    const t0 = Date.now();
    const pmToken = h.token(pm, ['project_manager']);
    for (const q of ['q1', 'q2'] as const) {
      for (let i = 0; i < GOLD_PER_QUESTION; i++) {
        const question = QUESTIONS[q];
        const g = await h.http('POST', `/v1/projects/${p}/gold`, pmToken, {
          ontologyVersion: 1,
          question: {
            id: q,
            type: q === 'q1' ? 'single_choice' : 'multiple_choice',
            prompt: question.prompt,
            options: question.options.map((o) => ({ id: o.optionId, label: o.label })),
            ...(q === 'q2' ? { minSelections: 1, maxSelections: 2 } : {}),
          },
          content: { type: 'text', text: text(r) },
          language: 'en',
          expectedAnswer: answerFor(q, r),
        });
        expect(g.status).toBe(201);
      }
    }
    const goldSeconds = (Date.now() - t0) / 1000;
    await queueRealTasks(p, r);
    const queueSeconds = (Date.now() - t0) / 1000 - goldSeconds;

    const served: Served[] = [];
    const started = Date.now();
    await Promise.all(annotators.map((u, i) => work(p, u, rng(100 + i), served)));
    const leaseSeconds = (Date.now() - started) / 1000;

    const kinds = new Map<string, { kind: string; audit: boolean }>(
      (await h.ds.query(`SELECT task_id, kind, audit FROM assignment.tasks WHERE project_id = $1`, [p])).map(
        (row: { task_id: string; kind: string; audit: boolean }) => [row.task_id, { kind: row.kind, audit: row.audit }],
      ),
    );
    const label = served.map((s): number => (kinds.get(s.view.taskId as string)?.kind === 'honeypot' ? 1 : 0));
    const honeypots = label.reduce((a, b) => a + b, 0);
    expect(served.length).toBeGreaterThanOrEqual(5000);
    // Bernoulli(0.2) per lease: 3 sigma over 5,200 leases is about 0.017.
    expect(Math.abs(honeypots / served.length - HONEYPOT_RATE)).toBeLessThan(0.02);

    // The fields themselves: a copy shows the question and guidelines real tasks of its question show.
    const realOf = new Map<string, Served>();
    for (let i = 0; i < served.length; i++) if (!label[i]) realOf.set((served[i]!.view.question as { id: string }).id, served[i]!);
    for (let i = 0; i < served.length; i++) {
      if (!label[i]) continue;
      const v = served[i]!.view;
      const real = realOf.get((v.question as { id: string }).id)!.view;
      expect(v.question).toEqual(real.question);
      expect(v.guidelines).toBe(GUIDELINES);
      expect(v.draft).toBeNull();
    }

    const rows = served.map(features);
    // One group per content: the same text is on one side of the split only (see evaluate).
    const group = served.map((s) => (s.view.content as { text: string }).text);
    const noDraft = rows.map((row, i) => ({ row, i })).filter(({ row }) => row['draft.present'] === 0);
    const checksWithoutDraft = noDraft.filter(({ i }) => label[i] === 1 || kinds.get(served[i]!.view.taskId as string)?.audit).length;

    // 1. Among tasks without a draft (honeypots, audits, blind controls, undrafted tasks).
    // Averaged over five splits by content: one split's AUC moves by several points with which gold items it holds out.
    const blind = evaluate(noDraft.map((x) => x.row), noDraft.map((x) => label[x.i]!), 7, noDraft.map((x) => group[x.i]!), 5);
    // 2. Over all leases, against draft presence alone (the signal blind controls bound).
    const all = evaluate(rows, label, 8, group);
    const draftOnly = evaluate(rows.map((row) => ({ 'draft.present': row['draft.present']! })), label, 8, group);
    // 3. Control: the old id scheme (a honeypot copy's counter nibble random, 8-f half the time).
    const leakRows = noDraft.map(({ row, i }) => (label[i] ? { ...row, 'task.nibble13': Math.floor(r() * 16) } : row));
    const control = evaluate(leakRows, noDraft.map((x) => label[x.i]!), 7, noDraft.map((x) => group[x.i]!));

    console.log(
      [
        `gold in ${goldSeconds.toFixed(1)} s, queue in ${queueSeconds.toFixed(1)} s, leases ${served.length} (${honeypots} honeypots) in ${leaseSeconds.toFixed(1)} s; without a draft ${noDraft.length}, ` +
          `P(check | no draft) = ${(checksWithoutDraft / noDraft.length).toFixed(3)}, P(honeypot | no draft) = ${(noDraft.filter(({ i }) => label[i]).length / noDraft.length).toFixed(3)}`,
        `held-out AUC without a draft, mean of 5 splits: ${fmt(blind)}; first split ${blind.evaluated} leases (${blind.positives} honeypots); top ${blind.top.join(' ')}`,
        `held-out AUC over all leases: ${fmt(all)}; draft presence alone ${fmt(draftOnly)}; top ${all.top.join(' ')}`,
        `control with the old id leak: ${fmt(control)}; top ${control.top.join(' ')}`,
      ].join('\n'),
    );

    // The bar: held-out AUC ≤ 0.55. An AUC below 0.5 here comes from the split by content
    // (a stump fitted to the training contents' lengths points away from the held-out ones), not
    // from a signal an annotator could use: flipping it needs to know which contents are held out.
    expect(blind.auc).toBeLessThanOrEqual(0.55);
    // Over all leases: nothing beyond draft presence (not significantly better than it alone).
    expect(all.interval[0]).toBeLessThanOrEqual(draftOnly.auc);
    expect(all.auc).toBeLessThanOrEqual(draftOnly.auc + 0.04);
    // Blind controls are at least as many as checks among tasks without a draft.
    expect(checksWithoutDraft / noDraft.length).toBeLessThanOrEqual(0.5);
    expect(control.auc).toBeGreaterThanOrEqual(0.65);
    expect(control.interval[0]).toBeGreaterThan(0.55);
  }, 480000);
});
