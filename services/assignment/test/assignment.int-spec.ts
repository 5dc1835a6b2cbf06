import { AnnotatorChange, AnswerSource, createEvent, newEnvelope, ProjectRole, TOPICS, uuidv7, type Task } from '@verity/contracts';
import { dlqName, HEADER, TopicTap } from '@verity/messaging';
import { eventually } from '@verity/testing';
import { LeaseRepository } from '../src/db/lease.repository';
import { TaskIntakeRepository } from '../src/db/task-intake.repository';
import { ProjectCopyRepository } from '../src/db/project-copy.repository';
import { uuidv7Millis } from '../src/domain/honeypot.scheduler';
import { Harness, keyPaths, UUIDV7 } from './assignment-harness';

// The assignment service in-process against the real local stack (Kafka, Postgres, S3):
// projects and tasks published to projects.v1 / tasks.v1 as the gateway and decomposition
// would, annotators over HTTP with real JWTs, annotations read back from annotations.v1.
const h = new Harness();
const YES = { choice: { optionIds: ['yes'] } };

beforeAll(async () => {
  await h.start({ ASSIGNMENT_SWEEP_INTERVAL_MS: '300' });
}, 180000);
afterAll(async () => {
  await h.stop();
});

describe('redundancy: N distinct annotators per task', () => {
  it('gives a task to three annotators, not a fourth, never twice to one person; annotations carry full provenance', async () => {
    const p = h.project('redundancy');
    const users = ['ann-1', 'ann-2', 'ann-3', 'ann-4'].map((u) => `${p}-${u}`);
    await h.publishProject(p, { answersPerTask: 3, members: users.map((userId) => ({ userId })) });
    const task = h.buildTask(p, { answersRequired: 3, priority: 5 });
    await h.publishTasks([task]);

    const leases = [];
    for (const u of users.slice(0, 3)) {
      const r = await h.next(p, u);
      expect(r.status).toBe(200);
      expect(r.body.taskId).toBe(task.taskId);
      expect(r.body).toMatchObject({
        projectId: p,
        itemId: task.itemId,
        ontologyVersion: 1,
        guidelines: 'Spam is unsolicited advertising.',
        question: { id: 'q1', type: 'single_choice', prompt: 'Is this spam?', required: true },
        content: { type: 'text', text: task.maskedText, mediaUrl: null, mediaType: null },
        draft: null,
      });
      expect(r.body.leaseId).toMatch(UUIDV7);
      expect(new Date(r.body.leaseExpiresAt).getTime()).toBeGreaterThan(Date.now() + 500 * 1000);
      leases.push({ user: u, leaseId: r.body.leaseId as string });
    }
    expect((await h.next(p, users[3]!)).status).toBe(204); // all 3 slots are leased
    expect((await h.next(p, users[0]!)).status).toBe(204); // never the same task twice

    const mine = await h.http('GET', `/v1/projects/${p}/tasks/mine`, h.token(users[0]!));
    expect(mine.status).toBe(200);
    expect(mine.body.leases.map((l: { leaseId: string }) => l.leaseId)).toEqual([leases[0]!.leaseId]);

    for (const [i, l] of leases.entries()) {
      const r = await h.submit(task.taskId, l.user, { leaseId: l.leaseId, answer: i === 2 ? { choice: { optionIds: ['no'] } } : YES, timeSpentMs: 1200 + i });
      expect(r.status).toBe(201);
      expect(r.body.annotationId).toMatch(UUIDV7);
    }
    expect((await h.next(p, users[3]!)).status).toBe(204); // the task is complete

    // A second task of the same item and question (e.g. a relabel): none of the three get it.
    const again = h.buildTask(p, { itemId: task.itemId, answersRequired: 3 });
    await h.publishTasks([again]);
    for (const u of users.slice(0, 3)) expect((await h.next(p, u)).status).toBe(204);
    expect((await h.next(p, users[3]!)).body.taskId).toBe(again.taskId);

    const events = await eventually('3 annotations', () => {
      const list = h.annotationsOf(p).filter((a) => a.taskId === task.taskId);
      return list.length >= 3 ? list : undefined;
    });
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.annotatorId))).toEqual(new Set(users.slice(0, 3)));
    // The audit chain: every annotation names the tasks.v1 event that created its task.
    const [{ tasksEventId }] = await h.ds.query(`SELECT source_event_id AS "tasksEventId" FROM assignment.tasks WHERE task_id = $1`, [task.taskId]);
    expect(tasksEventId).toMatch(UUIDV7);
    for (const e of events) expect(e.taskEventId).toBe(tasksEventId);
    for (const e of events) {
      const lease = leases.find((l) => l.user === e.annotatorId)!;
      expect(e.envelope).toMatchObject({ type: 'verity.annotations.v1.AnnotationEvent', producer: 'assignment', projectId: p });
      expect(e.envelope!.eventId).toMatch(UUIDV7);
      expect(e.annotationId).toMatch(UUIDV7);
      expect(e).toMatchObject({
        taskId: task.taskId,
        itemId: task.itemId,
        questionId: 'q1',
        ontologyVersion: 1,
        source: AnswerSource.HUMAN,
        leaseId: lease.leaseId,
        draftShown: false,
        honeypot: false,
        audit: false,
        answersRequired: 3,
      });
      expect(e.draft).toBeUndefined();
      expect(e.expectedAnswer).toBeUndefined();
      expect(e.answer?.value.case).toBe('choice');
      expect(Number(e.timeSpentMs)).toBeGreaterThanOrEqual(1200);
      expect(e.assignedAt).toBeDefined();
      expect(Number(e.submittedAt!.seconds)).toBeGreaterThanOrEqual(Number(e.assignedAt!.seconds));
    }
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM assignment.answers WHERE task_id = $1`, [task.taskId]);
    expect(n).toBe(3);
  });
});

describe('routing', () => {
  it('respects skills and language; a non-member gets 404', async () => {
    const p = h.project('routing');
    const [good, noSkill, wrongLang, outsider, qa] = ['good', 'noskill', 'wronglang', 'outsider', 'qa'].map((u) => `${p}-${u}`);
    await h.publishProject(p, {
      answersPerTask: 3,
      requiredSkills: ['medical'],
      matchLanguage: true,
      members: [
        { userId: good!, skills: ['medical', 'legal'], languages: ['de-DE', 'en'] },
        { userId: noSkill!, skills: ['legal'], languages: ['de'] },
        { userId: wrongLang!, skills: ['medical'], languages: ['en'] },
        { userId: qa!, roles: [ProjectRole.QUALITY_ANALYST], skills: ['medical'], languages: ['de'] },
      ],
    });
    const task = h.buildTask(p, { language: 'de', requiredSkills: ['medical'] });
    await h.publishTasks([task]);
    expect((await h.next(p, noSkill!)).status).toBe(204);
    expect((await h.next(p, wrongLang!)).status).toBe(204);
    const denied = await h.next(p, outsider!);
    expect(denied.status).toBe(404);
    expect(denied.body.message).toBe('project not found');
    expect((await h.next(p, qa!)).status).toBe(404); // a member without the annotator role
    expect((await h.http('GET', `/v1/projects/${p}/tasks/mine`, h.token(outsider!))).status).toBe(404);
    expect((await h.next(`${p}-unknown`, good!)).status).toBe(404);
    const r = await h.next(p, good!);
    expect(r.status).toBe(200);
    expect(r.body.taskId).toBe(task.taskId);
  });

  it('a suspended annotator gets no new tasks in that project (annotators.v1), is told why, and still works elsewhere', async () => {
    const p = h.project('suspension');
    const q = h.project('suspension-other');
    const u = `${p}-ann`;
    await h.publishProject(p, { members: [{ userId: u }] });
    await h.publishProject(q, { members: [{ userId: u }] });
    const suspend = (projectId: string, change: AnnotatorChange, reason: string) =>
      h.producer.publish(
        TOPICS.annotators,
        createEvent(TOPICS.annotators, {
          envelope: newEnvelope({ producer: 'quality', projectId }),
          annotatorId: u,
          change,
          suspended: change === AnnotatorChange.SUSPENDED,
          reason,
        }),
      );
    await suspend(p, AnnotatorChange.SUSPENDED, 'honeypot accuracy below floor');
    // An expert-verdict observation carries a `suspended` copy that must be ignored.
    await suspend(p, AnnotatorChange.EXPERT_VERDICT, 'expert verdict');
    // Under load on 2 cores the control consumer can take a while: allow it.
    const r = await eventually(
      'suspension applied',
      async () => {
        const res = await h.next(p, u);
        return res.status === 403 ? res : undefined;
      },
      90000,
      250,
    );
    expect(r.body.message).toMatch(/suspended.*honeypot accuracy below floor/);
    // The tasks come only now: a poll that ran before the suspension landed must not have
    // leased P's task (a person never gets the same task twice, which would hide reinstatement).
    await h.publishTasks([h.buildTask(p), h.buildTask(q)]);
    await new Promise((res) => setTimeout(res, 500));
    expect((await h.next(p, u)).status).toBe(403);
    // Suspended in P only: Q still gives work (once its task has arrived).
    const other = await eventually('a task in Q', async () => {
      const res = await h.next(q, u);
      return res.status === 200 ? res : undefined;
    }, 90000, 250);
    expect(other.status).toBe(200);
    expect(other.body.projectId).toBe(q);
    // Reinstated in P: work again.
    await suspend(p, AnnotatorChange.REINSTATED, 'reliability back above floor');
    const back = await eventually(
      'reinstatement applied',
      async () => {
        const res = await h.next(p, u);
        return res.status === 200 ? res : undefined;
      },
      90000,
      250,
    );
    expect(back.body.projectId).toBe(p);
  }, 240000);
});

describe('leases', () => {
  it('an expired lease goes to someone else; the late submission is 409 and does not count', async () => {
    const p = h.project('leases');
    const [slow, fast] = [`${p}-slow`, `${p}-fast`];
    await h.publishProject(p, { answersPerTask: 1, leaseSeconds: 1, members: [{ userId: slow }, { userId: fast }] });
    const task = h.buildTask(p, { answersRequired: 1 });
    await h.publishTasks([task]);

    const first = await h.next(p, slow);
    expect(first.body.taskId).toBe(task.taskId);
    expect((await h.next(p, fast)).status).toBe(204); // the only slot is leased
    await new Promise((r) => setTimeout(r, 1600));
    const second = await h.next(p, fast);
    expect(second.status).toBe(200);
    expect(second.body.taskId).toBe(task.taskId);

    const late = await h.submit(task.taskId, slow, { leaseId: first.body.leaseId, answer: YES, timeSpentMs: 5000 });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/lease expired/);
    const ok = await h.submit(task.taskId, fast, { leaseId: second.body.leaseId, answer: YES, timeSpentMs: 800 });
    expect(ok.status).toBe(201);
    // Submitting twice on the same lease does not count twice either.
    expect((await h.submit(task.taskId, fast, { leaseId: second.body.leaseId, answer: YES, timeSpentMs: 800 })).status).toBe(409);

    await eventually('the annotation', () => (h.annotationsOf(p).length >= 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500)); // room for a wrong second event to show up
    const events = h.annotationsOf(p);
    expect(events).toHaveLength(1);
    expect(events[0]!.annotatorId).toBe(fast);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM assignment.answers WHERE project_id = $1`, [p]);
    expect(n).toBe(1);
    const states = await h.ds.query(`SELECT annotator_id, state FROM assignment.assignments WHERE project_id = $1 ORDER BY leased_at`, [p]);
    expect(states).toEqual([
      { annotator_id: slow, state: 'expired' },
      { annotator_id: fast, state: 'submitted' },
    ]);
  });

  it('one caller\'s concurrent lease calls are taken one at a time and stop at the live-lease limit (5)', async () => {
    const p = h.project('lease-limit');
    const u = `${p}-eager`;
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: u }] });
    await h.publishTasks(Array.from({ length: 9 }, () => h.buildTask(p, { answersRequired: 1 })));
    await eventually('9 tasks queued', async () => {
      const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM assignment.tasks WHERE project_id = $1`, [p]);
      return n === 9 ? true : undefined;
    });

    // Eight calls at once: without the caller's lock each would count the same 0 live leases.
    const calls = await Promise.all(Array.from({ length: 8 }, () => h.next(p, u)));
    expect(calls.filter((c) => c.status === 200)).toHaveLength(5);
    const refused = calls.filter((c) => c.status === 409);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.body.message).toMatch(/you already hold 5 active leases in this project \(the most is 5\)/);
    const [{ live, distinct }] = await h.ds.query(
      `SELECT count(*)::int AS live, count(DISTINCT task_id)::int AS distinct FROM assignment.assignments
       WHERE project_id = $1 AND annotator_id = $2 AND state = 'leased'`,
      [p, u],
    );
    expect({ live, distinct }).toEqual({ live: 5, distinct: 5 });
    const [{ leases }] = await h.ds.query(`SELECT leases::int FROM assignment.lease_counters WHERE project_id = $1 AND annotator_id = $2`, [p, u]);
    expect(leases).toBe(5);
  });

  it('a lease is five round trips to Postgres: begin, standing and lock, counts and pick, lease, commit', async () => {
    const p = h.project('lease-trips');
    const u = `${p}-ann`;
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: u }] });
    const task = h.buildTask(p, { answersRequired: 1 });
    await h.publishTasks([task]);
    await eventually('the task queued', async () => ((await h.ds.query(`SELECT 1 FROM assignment.tasks WHERE task_id = $1`, [task.taskId])).length ? true : undefined));

    // Every statement the service's DataSource sends, with the query runner that sent it (the
    // service's consumers and relay keep sending their own on other runners meanwhile).
    const sent: { runner: unknown; sql: string }[] = [];
    const logger = h.ds.logger;
    const counting = Object.create(logger) as typeof logger;
    counting.logQuery = (sql: string, params?: unknown[], runner?: unknown) => {
      sent.push({ runner, sql });
      return logger.logQuery(sql, params, runner as never);
    };
    Object.assign(h.ds, { logger: counting });
    let r;
    try {
      r = await h.next(p, u);
    } finally {
      Object.assign(h.ds, { logger });
    }
    expect(r.status).toBe(200);
    expect(r.body.taskId).toBe(task.taskId);
    const pick = sent.find((s) => s.sql.includes('candidates AS MATERIALIZED'));
    expect(pick).toBeDefined();
    const mine = sent.filter((s) => s.runner === pick!.runner).map((s) => s.sql);
    const begin = mine.lastIndexOf('START TRANSACTION', mine.indexOf(pick!.sql));
    const trip = mine.slice(begin, mine.indexOf('COMMIT', begin) + 1);
    expect(trip).toHaveLength(5);
    expect(trip[0]).toBe('START TRANSACTION');
    expect(trip[1]).toMatch(/pg_advisory_xact_lock[\s\S]*FROM assignment\.projects p/);
    expect(trip[2]).toMatch(/INSERT INTO assignment\.lease_counters[\s\S]*candidates AS MATERIALIZED/);
    expect(trip[3]).toMatch(/UPDATE assignment\.slots SET state = 'leased'/);
    expect(trip[4]).toBe('COMMIT');
  });

  it('the sweep returns an abandoned lease to the queue; skip releases a slot and needs a reason', async () => {
    const p = h.project('sweep');
    const [a, b] = [`${p}-a`, `${p}-b`];
    await h.publishProject(p, { answersPerTask: 1, leaseSeconds: 1, members: [{ userId: a }, { userId: b }] });
    const task = h.buildTask(p, { answersRequired: 1 });
    await h.publishTasks([task]);
    const first = await h.next(p, a);
    await eventually('sweep', async () => {
      const rows = await h.ds.query(`SELECT state FROM assignment.assignments WHERE lease_id = $1`, [first.body.leaseId]);
      return rows[0]?.state === 'expired' ? true : undefined;
    });
    const [slot] = await h.ds.query(`SELECT state FROM assignment.slots WHERE task_id = $1`, [task.taskId]);
    expect(slot.state).toBe('open');

    const second = await h.next(p, b);
    expect(second.body.taskId).toBe(task.taskId);
    const noReason = await h.http('POST', `/v1/tasks/${task.taskId}/skip`, h.token(b), { leaseId: second.body.leaseId, reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason/);
    const skip = await h.http('POST', `/v1/tasks/${task.taskId}/skip`, h.token(b), { leaseId: second.body.leaseId, reason: 'not my language' });
    expect(skip.status).toBe(200);
    expect((await h.next(p, b)).status).toBe(204); // never again for b
    expect((await h.next(p, a)).body.taskId).toBe(task.taskId); // back in the queue for a
    const [skipRow] = await h.ds.query(`SELECT reason FROM assignment.skips WHERE lease_id = $1`, [second.body.leaseId]);
    expect(skipRow.reason).toBe('not my language');
  });
});

describe('invalid input', () => {
  it('refuses bad answers with a clear 4xx naming the field, and keeps working', async () => {
    const p = h.project('invalid');
    const u = `${p}-ann`;
    await h.publishProject(p, { members: [{ userId: u }] });
    const task = h.buildTask(p);
    await h.publishTasks([task]);
    const lease = (await h.next(p, u)).body;
    const submit = (body: unknown) => h.submit(task.taskId, u, body);

    const wrongOption = await submit({ leaseId: lease.leaseId, answer: { choice: { optionIds: ['maybe'] } }, timeSpentMs: 10 });
    expect(wrongOption.status).toBe(400);
    expect(wrongOption.body.message).toMatch(/answer\.choice\.optionIds\[0\]: "maybe" is not an option/);
    expect(wrongOption.body.errors[0].field).toBe('answer.choice.optionIds[0]');

    const two = await submit({ leaseId: lease.leaseId, answer: { choice: { optionIds: ['yes', 'no'] } }, timeSpentMs: 10 });
    expect(two.status).toBe(400);
    expect(two.body.message).toMatch(/exactly one option/);

    const missing = await submit({ leaseId: lease.leaseId, timeSpentMs: 10 });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/answer: an answer is required/);

    const wrongKind = await submit({ leaseId: lease.leaseId, answer: { freeText: { text: 'yes' } }, timeSpentMs: 10 });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.message).toMatch(/takes answer\.choice/);

    const badShape = await submit({ leaseId: lease.leaseId, answer: YES, timeSpentMs: -1 });
    expect(badShape.status).toBe(400);
    expect(badShape.body.message).toMatch(/timeSpentMs/);

    const malformed = await h.http('POST', `/v1/tasks/${task.taskId}/submit`, h.token(u), undefined, '{"leaseId": ');
    expect(malformed.status).toBe(400);

    const stale = await submit({ leaseId: uuidv7(), answer: YES, timeSpentMs: 10 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/not a lease of yours/);

    const unknownTask = await h.submit(uuidv7(), u, { leaseId: lease.leaseId, answer: YES, timeSpentMs: 10 });
    expect(unknownTask.status).toBe(404);

    const ok = await submit({ leaseId: lease.leaseId, answer: YES, timeSpentMs: 10 });
    expect(ok.status).toBe(201);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM assignment.answers WHERE project_id = $1`, [p]);
    expect(n).toBe(1);
  });
});

describe('access', () => {
  it('keeps annotators to their own projects and leases; bad tokens are 401', async () => {
    const a = h.project('access-a');
    const b = h.project('access-b');
    const [ua, ub, ub2] = [`${a}-ann`, `${b}-ann`, `${b}-ann2`];
    await h.publishProject(a, { members: [{ userId: ua }] });
    await h.publishProject(b, { members: [{ userId: ub }, { userId: ub2 }] });
    const tb = h.buildTask(b);
    await h.publishTasks([tb]);
    const leaseB = (await h.next(b, ub)).body;

    expect((await h.next(b, ua)).status).toBe(404);
    const crossSubmit = await h.submit(tb.taskId, ua, { leaseId: leaseB.leaseId, answer: YES, timeSpentMs: 10 });
    expect(crossSubmit.status).toBe(404);
    expect(crossSubmit.body.message).toBe('task not found');
    const crossSkip = await h.http('POST', `/v1/tasks/${tb.taskId}/skip`, h.token(ua), { leaseId: leaseB.leaseId, reason: 'x' });
    expect(crossSkip.status).toBe(404);

    // A fellow member of B cannot use someone else's lease, and learns nothing about it.
    const otherLease = await h.submit(tb.taskId, ub2, { leaseId: leaseB.leaseId, answer: YES, timeSpentMs: 10 });
    expect(otherLease.status).toBe(409);
    expect(otherLease.body.message).toBe(`lease ${leaseB.leaseId} is not a lease of yours on task ${tb.taskId}`);
    const mine = await h.http('GET', `/v1/projects/${b}/tasks/mine`, h.token(ub2));
    expect(mine.body.leases).toEqual([]);

    const expired = h.token(ub, ['annotator'], 60, Date.now() - 3600 * 1000);
    expect((await h.http('POST', `/v1/projects/${b}/tasks/next`, expired)).status).toBe(401);
    expect((await h.http('POST', `/v1/projects/${b}/tasks/next`, null)).status).toBe(401);
    expect((await h.http('POST', `/v1/projects/${b}/tasks/next`, 'not.a.jwt')).status).toBe(401);
    // A person without the global annotator role is refused by the guard.
    expect((await h.http('POST', `/v1/projects/${b}/tasks/next`, h.token(ub, ['consumer']))).status).toBe(403);
    // The gold endpoint is for project managers, not annotators.
    expect((await h.http('POST', `/v1/projects/${b}/gold`, h.token(ub), {})).status).toBe(403);

    const ok = await h.submit(tb.taskId, ub, { leaseId: leaseB.leaseId, answer: YES, timeSpentMs: 10 });
    expect(ok.status).toBe(201);
  });

  it('repositories are project-scoped (issue #17): a task or lease named under another project reaches nothing', async () => {
    const a = h.project('scoped-a');
    const b = h.project('scoped-b');
    const ub = `${b}-ann`;
    await h.publishProject(a, { members: [{ userId: ub }] });
    await h.publishProject(b, { answersPerTask: 2, members: [{ userId: ub }] });
    const tb = h.buildTask(b, { answersRequired: 2 });
    await h.publishTasks([tb]);
    const leaseB = (await h.next(b, ub)).body;
    const leases = h.app.get(LeaseRepository);
    const intake = h.app.get(TaskIntakeRepository);
    const slotStates = async () =>
      (await h.ds.query(`SELECT state FROM assignment.slots WHERE task_id = $1 ORDER BY slot_no`, [tb.taskId])).map((r: { state: string }) => r.state);

    expect((await h.app.get(ProjectCopyRepository).standingOnTask(h.ds, tb.taskId, ub, false))?.projectId).toBe(b);
    expect(await leases.liveViews(h.ds, a, ub)).toEqual([]);
    expect(await leases.livePayload(h.ds, a, tb.taskId, ub)).toBeNull();
    const [underA, underB] = await h.ds.transaction(async (tx) => [
      await leases.lockLease(tx, a, tb.taskId, leaseB.leaseId),
      await leases.lockLease(tx, b, tb.taskId, leaseB.leaseId),
    ]);
    expect(underA).toBeNull();
    expect(underB).toMatchObject({ projectId: b, taskId: tb.taskId, leaseId: leaseB.leaseId, state: 'leased' });
    expect(await intake.withdrawOpenSlots(h.ds, a, tb.taskId)).toBe(0);
    // A record of one project handed over under another is refused before any write.
    await expect(leases.recordSkip(h.ds, a, underB!, 'wrong project')).rejects.toThrow(`lease.projectId is '${b}', not the project '${a}'`);
    await expect(intake.enqueue(h.ds, a, tb, { answers: 1, eventId: 'e', correlationId: 'c' })).rejects.toThrow(/task\.projectId/);
    expect(await slotStates()).toEqual(['leased', 'open']);

    expect((await h.submit(tb.taskId, ub, { leaseId: leaseB.leaseId, answer: YES, timeSpentMs: 10 })).status).toBe(201);
  });
});

describe('honeypots', () => {
  it('are served near the project rate and look exactly like real tasks', async () => {
    const p = h.project('honeypots');
    const pm = `${p}-pm`;
    const annotators = [1, 2, 3, 4].map((i) => `${p}-ann-${i}`);
    await h.publishProject(p, {
      answersPerTask: 3,
      honeypotRate: 0.2,
      members: [...annotators.map((userId) => ({ userId })), { userId: pm, roles: [ProjectRole.PROJECT_MANAGER] }],
    });
    // Gold set: 39 items through the internal endpoint, 1 arriving on tasks.v1 as a honeypot.
    const invalidGold = await h.http('POST', `/v1/projects/${p}/gold`, h.token(pm, ['project_manager']), {
      ontologyVersion: 1,
      question: { id: 'q1', type: 'single_choice', prompt: 'Is this spam?', options: [{ id: 'yes', label: 'Yes' }] },
      content: { text: 'x' },
      expectedAnswer: { choice: { optionIds: ['nope'] } },
    });
    expect(invalidGold.status).toBe(400);
    expect(invalidGold.body.message).toMatch(/expectedAnswer\.choice\.optionIds\[0\]/);
    for (let i = 0; i < 39; i++) {
      const r = await h.http('POST', `/v1/projects/${p}/gold`, h.token(pm, ['project_manager']), {
        itemId: uuidv7(),
        ontologyVersion: 1,
        question: {
          id: 'q1',
          type: 'single_choice',
          prompt: 'Is this spam?',
          options: [
            { id: 'yes', label: 'Yes' },
            { id: 'no', label: 'No' },
          ],
          required: true,
        },
        content: { type: 'text', text: `Known spam number ${i}: buy now` },
        guidelines: 'Spam is unsolicited advertising.',
        language: 'en',
        expectedAnswer: YES,
      });
      expect(r.status).toBe(201);
    }
    const real = Array.from({ length: 100 }, () => h.buildTask(p, { answersRequired: 3 }));
    const fromTasks = h.buildTask(p, { honeypot: true, expectedAnswer: { value: { case: 'choice', value: { optionIds: ['no'] } } } } as never);
    await h.publishTasks([...real, fromTasks]);

    const served: { body: Record<string, unknown>; user: string }[] = [];
    const active = new Set(annotators);
    while (active.size > 0) {
      for (const u of [...active]) {
        const r = await h.next(p, u);
        if (r.status === 204) {
          active.delete(u);
          continue;
        }
        expect(r.status).toBe(200);
        served.push({ body: r.body, user: u });
        const s = await h.submit(r.body.taskId, u, { leaseId: r.body.leaseId, answer: YES, timeSpentMs: 100 });
        expect(s.status).toBe(201);
      }
    }
    const kinds = new Map<string, string>(
      (await h.ds.query(`SELECT task_id, kind FROM assignment.tasks WHERE project_id = $1`, [p])).map(
        (r: { task_id: string; kind: string }) => [r.task_id, r.kind],
      ),
    );
    const honeypots = served.filter((s) => kinds.get(s.body.taskId as string) === 'honeypot');
    const reals = served.filter((s) => kinds.get(s.body.taskId as string) === 'real');
    expect(reals).toHaveLength(300); // every real slot was filled, by distinct people
    const share = honeypots.length / served.length;
    // Bernoulli(0.2) per lease: 3 sigma over ~375 leases is about 0.062.
    expect(Math.abs(share - 0.2)).toBeLessThan(0.07);

    // Same shape, same id formats, same timing story.
    const shape = keyPaths(reals[0]!.body);
    for (const s of served) {
      expect(keyPaths(s.body)).toEqual(shape);
      for (const k of ['taskId', 'leaseId', 'itemId']) expect(s.body[k]).toMatch(UUIDV7);
      expect(Object.keys(s.body).some((k) => /honeypot|gold|expected/i.test(k))).toBe(false);
    }
    const realMs = reals.map((s) => uuidv7Millis(s.body.taskId as string)!);
    for (const hp of honeypots) {
      const ms = uuidv7Millis(hp.body.taskId as string)!;
      expect(ms).toBeGreaterThanOrEqual(Math.min(...realMs));
      expect(ms).toBeLessThanOrEqual(Math.max(...realMs));
    }
    // No annotator saw the same gold item twice.
    for (const u of annotators) {
      const items = honeypots.filter((s) => s.user === u).map((s) => s.body.itemId);
      expect(new Set(items).size).toBe(items.length);
    }

    // Quality gets the flag and the expected answer on the internal topic.
    const events = await eventually('all annotations', () => {
      const list = h.annotationsOf(p);
      return list.length >= served.length ? list : undefined;
    }, 60000);
    const hpEvents = events.filter((e) => e.honeypot);
    expect(hpEvents).toHaveLength(honeypots.length);
    for (const e of hpEvents) expect(e.expectedAnswer?.value.case).toBe('choice');
    expect(events.filter((e) => !e.honeypot && e.expectedAnswer)).toHaveLength(0);
  }, 240000);
});

describe('tasks.v1 in batches', () => {
  const GROUP = 'assignment.source-tasks'; // the group that reads tasks.v1 (ASSIGNMENT_TASK_SOURCE=tasks)
  it('a redelivered task is queued once, a poison task is dead-lettered alone, its neighbours are queued', async () => {
    const p = h.project('batch');
    await h.publishProject(p, { answersPerTask: 2, members: [] });
    const dlq = await new TopicTap(h.kafka, dlqName(TOPICS.tasks.name)).start();
    try {
      const [a, b, c] = [h.buildTask(p, { answersRequired: 0 }), h.buildTask(p, { answersRequired: 3 }), h.buildTask(p, { answersRequired: 0 })];
      const event = (task: Task) => createEvent(TOPICS.tasks, { envelope: newEnvelope({ producer: 'decomposition', projectId: p }), task });
      const [ea, eb, ec] = [event(a), event(b), event(c)];
      const poison = event(h.buildTask(p, { honeypot: true })); // a honeypot without its expected answer
      // One key: one partition, so the records come to the handler together and in this order.
      await h.producer.publishMany(TOPICS.tasks, [ea, eb, ea, ec], { key: `${p}:batch` });
      await eventually('the first batch queued', async () => {
        const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM assignment.tasks WHERE project_id = $1`, [p]);
        return n === 3 ? true : undefined;
      }, 60000);
      await h.producer.publishMany(TOPICS.tasks, [eb, poison, ec], { key: `${p}:batch` });
      const dead = await eventually('the poison task in the DLQ', () => {
        // Other consumers of tasks.v1 (prelabel) dead-letter it too, under their own group.
        const ours = dlq.records.filter((r) => r.headers[HEADER.eventId] === poison.envelope!.eventId && r.headers[HEADER.consumerGroup] === GROUP);
        return ours.length ? ours : undefined;
      }, 60000);
      expect(dead).toHaveLength(1);
      expect(dead[0].headers[HEADER.errorMessage]).toBe(`honeypot task ${poison.task!.taskId} has no expected_answer`);
      for (const e of [ea, eb, ec]) expect(dlq.records.filter((r) => r.headers[HEADER.eventId] === e.envelope!.eventId && r.headers[HEADER.consumerGroup] === GROUP)).toHaveLength(0);
      const slots = await h.ds.query(
        `SELECT t.task_id, t.answers_required, t.source_event_id, count(s.slot_no)::int AS slots
         FROM assignment.tasks t JOIN assignment.slots s ON s.task_id = t.task_id WHERE t.project_id = $1 GROUP BY 1, 2, 3`,
        [p],
      );
      const byTask = new Map(slots.map((r: { task_id: string }) => [r.task_id, r]));
      // N: the task's answers_required, else the project's answers_per_task (2); each task once.
      expect(slots).toHaveLength(3);
      expect(byTask.get(a.taskId)).toEqual({ task_id: a.taskId, answers_required: 2, source_event_id: ea.envelope!.eventId, slots: 2 });
      expect(byTask.get(b.taskId)).toEqual({ task_id: b.taskId, answers_required: 3, source_event_id: eb.envelope!.eventId, slots: 3 });
      expect(byTask.get(c.taskId)).toEqual({ task_id: c.taskId, answers_required: 2, source_event_id: ec.envelope!.eventId, slots: 2 });
      const [template] = await h.ds.query(`SELECT guidelines FROM assignment.task_templates WHERE project_id = $1 AND question_id = 'q1'`, [p]);
      expect(template).toEqual({ guidelines: 'Spam is unsolicited advertising.' });
    } finally {
      await dlq.stop();
    }
  }, 120000);
});
