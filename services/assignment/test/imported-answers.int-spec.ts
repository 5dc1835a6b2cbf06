import { AnswerSource, ProjectRole, type AnnotationEvent, type Task } from '@verity/contracts';
import { eventually } from '@verity/testing';
import { Harness } from './assignment-harness';

// Answers imported from Label Studio (issue #16) against the real stack: posted to the service's
// internal endpoint as the gateway would (a project manager's service token), tasks published on
// tasks.v1 as decomposition would, annotations read back from annotations.v1 as quality would.
const h = new Harness();
const SOURCE = 'label-studio';
let seq = 0;

beforeAll(async () => {
  await h.start();
}, 180000);
afterAll(async () => {
  await h.stop();
});

const pmOf = (p: string) => `${p}-pm`;
async function project(name: string, answersPerTask = 2): Promise<string> {
  const p = h.project(name);
  await h.publishProject(p, {
    answersPerTask,
    members: [{ userId: pmOf(p), roles: [ProjectRole.PROJECT_MANAGER] }, { userId: `${p}-ann` }],
  });
  return p;
}
const sourceId = () => `ls-task-${Date.now().toString(36)}-${++seq}`;
const task = (p: string, sid: string, answersRequired = 2): Task => h.buildTask(p, { source: SOURCE, sourceId: sid, answersRequired } as Partial<Task>);
const lsAnswer = (sid: string, user: number, over: Record<string, unknown> = {}) => ({
  source: SOURCE,
  sourceId: sid,
  questionId: 'q1',
  annotatorId: `label-studio:${user}`,
  optionIds: ['yes'],
  submittedAt: `2024-05-0${(user % 9) + 1}T10:00:00.000Z`,
  timeSpentMs: 1000 + user,
  externalId: `ann-${user}`,
  ...over,
});
const post = (p: string, answers: unknown[], user = pmOf(p), roles: ('project_manager' | 'annotator' | 'admin')[] = ['project_manager']) =>
  h.http('POST', `/v1/projects/${p}/imported-answers`, h.token(user, roles), { answers });
const annotationsOfTask = (p: string, taskId: string) => h.annotationsOf(p).filter((a) => a.taskId === taskId);
const waitAnnotations = (p: string, taskId: string, n: number) =>
  eventually(`${n} annotations of task ${taskId}`, () => {
    const list = annotationsOfTask(p, taskId);
    return list.length >= n ? list : undefined;
  }, 30000);
const slotStates = async (taskId: string) =>
  (await h.ds.query(`SELECT state FROM assignment.slots WHERE task_id = $1 ORDER BY slot_no`, [taskId])).map((r: { state: string }) => r.state);

function expectImported(e: AnnotationEvent, a: ReturnType<typeof lsAnswer>, t: Task) {
  expect(e).toMatchObject({
    taskId: t.taskId,
    itemId: t.itemId,
    questionId: 'q1',
    ontologyVersion: 1,
    annotatorId: a.annotatorId,
    source: AnswerSource.HUMAN,
    leaseId: '',
    draftShown: false,
    honeypot: false,
    timeSpentMs: BigInt(a.timeSpentMs),
  });
  expect(e.answer!.value).toEqual({ case: 'choice', value: expect.objectContaining({ optionIds: a.optionIds }) });
  expect(e.assignedAt).toBeUndefined();
  expect(new Date(Number(e.submittedAt!.seconds) * 1000 + e.submittedAt!.nanos / 1e6).toISOString()).toBe(a.submittedAt);
  expect(e.envelope).toMatchObject({ producer: 'assignment', projectId: t.projectId });
}

describe('imported answers', () => {
  it('parks answers whose task does not exist yet and publishes them when it arrives; the task is then complete', async () => {
    const p = await project('parked');
    const sid = sourceId();
    const answers = [lsAnswer(sid, 1), lsAnswer(sid, 2, { optionIds: ['no'] })];
    const r = await post(p, answers);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ received: 2, applied: 0, parked: 2, duplicates: 0, notApplicable: [] });

    const t = task(p, sid);
    const other = task(p, sourceId()); // no answers wait for this one
    await h.publishTasks([t, other]);
    const events = await waitAnnotations(p, t.taskId, 2);
    expect(events).toHaveLength(2);
    for (const a of answers) expectImported(events.find((e) => e.annotatorId === a.annotatorId)!, a, t);
    // Recorded as a submission is: the stored annotation ids, both slots done, the task complete.
    const stored = await h.ds.query(
      `SELECT annotation_id, applied_task_id FROM assignment.imported_answers WHERE project_id = $1 ORDER BY annotator_id`,
      [p],
    );
    expect(stored.map((s: { applied_task_id: string }) => s.applied_task_id)).toEqual([t.taskId, t.taskId]);
    expect(new Set(events.map((e) => e.annotationId))).toEqual(new Set(stored.map((s: { annotation_id: string }) => s.annotation_id)));
    const answerRows = await h.ds.query(`SELECT annotator_id, submitted_at FROM assignment.answers WHERE task_id = $1 ORDER BY annotator_id`, [t.taskId]);
    expect(answerRows.map((x: { submitted_at: Date }) => x.submitted_at.toISOString())).toEqual(answers.map((a) => a.submittedAt));
    expect(await slotStates(t.taskId)).toEqual(['done', 'done']);
    const [{ completed_at }] = await h.ds.query(`SELECT completed_at FROM assignment.tasks WHERE task_id = $1`, [t.taskId]);
    expect(completed_at).not.toBeNull();
    for (const e of events) expect(e.answersRequired).toBe(2);
    // The annotator gets the other task, never the completed one.
    const next = await h.next(p, `${p}-ann`);
    expect(next.status).toBe(200);
    expect(next.body.taskId).toBe(other.taskId);
    expect(annotationsOfTask(p, other.taskId)).toEqual([]);
  });

  it('applies answers at once when the task exists, leaving the other slots to people; a second post is all duplicates', async () => {
    const p = await project('after');
    const sid = sourceId();
    const t = task(p, sid);
    await h.publishTasks([t]);
    const a = lsAnswer(sid, 3);
    const r = await post(p, [a]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ received: 1, applied: 1, parked: 0, duplicates: 0, notApplicable: [] });
    const [e] = await waitAnnotations(p, t.taskId, 1);
    expectImported(e!, a, t);
    expect(await slotStates(t.taskId)).toEqual(['done', 'open']);

    // Posted again (also twice in one call): nothing new is stored or published.
    const again = await post(p, [a, a]);
    expect(again.body).toEqual({ received: 2, applied: 0, parked: 0, duplicates: 2, notApplicable: [] });
    // A person takes the open slot and answers as usual.
    const lease = await h.next(p, `${p}-ann`);
    expect(lease.body.taskId).toBe(t.taskId);
    expect((await h.submit(t.taskId, `${p}-ann`, { leaseId: lease.body.leaseId, answer: { choice: { optionIds: ['no'] } }, timeSpentMs: 10 })).status).toBe(201);
    await waitAnnotations(p, t.taskId, 2);
    await new Promise((res) => setTimeout(res, 1500));
    const events = annotationsOfTask(p, t.taskId);
    expect(events.map((x) => x.annotatorId).sort()).toEqual([`${p}-ann`, a.annotatorId].sort());
    expect(await slotStates(t.taskId)).toEqual(['done', 'done']);
  });

  it('keeps every answer when there are more than slots: slots are added and N becomes their number', async () => {
    const p = await project('more');
    const sid = sourceId();
    const t = task(p, sid, 2);
    await h.publishTasks([t]);
    const answers = [1, 2, 3, 4].map((u) => lsAnswer(sid, u, { optionIds: [u % 2 ? 'yes' : 'no'] }));
    const r = await post(p, answers);
    expect(r.body).toEqual({ received: 4, applied: 4, parked: 0, duplicates: 0, notApplicable: [] });
    const events = await waitAnnotations(p, t.taskId, 4);
    expect(events.map((e) => e.annotatorId).sort()).toEqual(answers.map((a) => a.annotatorId).sort());
    for (const e of events) expect(e.answersRequired).toBe(4);
    expect(await slotStates(t.taskId)).toEqual(['done', 'done', 'done', 'done']);
    // One annotator with two answers to one item (two annotations in the tool): both kept, but the
    // second (which quality does not count) takes a slot of its own, leaving the open one to a person.
    const sid2 = sourceId();
    const t2 = task(p, sid2, 2);
    const twice = [lsAnswer(sid2, 5), lsAnswer(sid2, 5, { externalId: 'ann-5b', optionIds: ['no'] })];
    expect((await post(p, twice)).body).toMatchObject({ applied: 0, parked: 2 });
    await h.publishTasks([t2]);
    const both = await waitAnnotations(p, t2.taskId, 2);
    expect(both.map((e) => e.annotatorId)).toEqual([twice[0]!.annotatorId, twice[0]!.annotatorId]);
    for (const e of both) expect(e.answersRequired).toBe(2);
    expect(await slotStates(t2.taskId)).toEqual(['done', 'open', 'done']);
    expect((await h.next(p, `${p}-ann`)).body.taskId).toBe(t2.taskId);
  });

  it('keeps an answer that does not fit its task parked, saying why', async () => {
    const p = await project('unfit');
    const sid = sourceId();
    const t = task(p, sid);
    await h.publishTasks([t]);
    const r = await post(p, [lsAnswer(sid, 1, { optionIds: ['maybe'] }), lsAnswer(sid, 2)]);
    expect(r.body).toMatchObject({ received: 2, applied: 1, parked: 1, duplicates: 0 });
    expect(r.body.notApplicable).toEqual([{ index: 0, reason: expect.stringContaining('"maybe" is not an option') }]);
    await waitAnnotations(p, t.taskId, 1);
    await new Promise((res) => setTimeout(res, 1000));
    expect(annotationsOfTask(p, t.taskId).map((e) => e.annotatorId)).toEqual(['label-studio:2']);
  });

  it("refuses another project's manager, annotators and bad bodies, naming the field", async () => {
    const a = await project('auth-a');
    const b = await project('auth-b');
    const sid = sourceId();
    // B's manager cannot import into A (A looks unknown to them), nor can an annotator of A.
    const cross = await post(a, [lsAnswer(sid, 1)], pmOf(b));
    expect(cross.status).toBe(404);
    expect((await post(a, [lsAnswer(sid, 1)], `${a}-ann`, ['annotator'])).status).toBe(403);
    expect((await post(a, [lsAnswer(sid, 1)], `${a}-ann`, ['project_manager'])).status).toBe(404); // a member, not A's manager
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM assignment.imported_answers WHERE project_id = $1`, [a]);
    expect(n).toBe(0);
    // An admin may import anywhere.
    expect((await post(a, [lsAnswer(sid, 1)], 'someone-admin', ['admin'])).body).toMatchObject({ received: 1, parked: 1 });

    const bad = await post(a, [lsAnswer(sid, 1, { optionIds: [], submittedAt: 'soon' })]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['answers.0.optionIds', 'answers.0.submittedAt']);
    expect((await post(a, [])).body.errors).toEqual([{ field: 'answers', reason: 'needs at least one answer' }]);
  });
});
