import { createEvent, newEnvelope, PrelabelRoute, TaskOrigin, TOPICS, uuidv7, type Task } from '@verity/contracts';
import { eventually } from '@verity/testing';
import { Harness } from './assignment-harness';

// Queue priority on the real stack (service in-process, reading prelabels.v1): active-learning and
// feedback tasks jump the queue; one about an item whose question still has an incomplete task
// raises that task instead of queuing a duplicate (docs/decisions.md #20).
const h = new Harness();

beforeAll(async () => {
  await h.start({ ASSIGNMENT_TASK_SOURCE: 'prelabels' });
}, 180000);

afterAll(async () => {
  await h.stop();
});

async function publishPrelabel(task: Task): Promise<void> {
  await h.producer.publish(
    TOPICS.prelabels,
    createEvent(TOPICS.prelabels, {
      envelope: newEnvelope({ producer: 'prelabel', projectId: task.projectId }),
      task,
      route: PrelabelRoute.HUMAN_WITHOUT_DRAFT,
    }),
  );
}

const tasksOfItem = async (projectId: string, itemId: string): Promise<{ taskId: string; priority: number }[]> =>
  h.ds.query(`SELECT task_id AS "taskId", priority FROM assignment.tasks WHERE project_id = $1 AND item_id = $2 ORDER BY received_at`, [projectId, itemId]);

const queued = (projectId: string, itemId: string, n: number) =>
  eventually(`${n} task(s) of ${itemId} queued`, async () => {
    const rows = await tasksOfItem(projectId, itemId);
    return rows.length === n ? rows : undefined;
  }, 60000, 200);

/** A re-ask (active learning or feedback) of a task: a fresh id, high priority, the parent set. */
const reask = (of: Task, origin: TaskOrigin, over: Partial<Task> = {}): Task =>
  ({ ...of, taskId: uuidv7(), parentTaskId: of.taskId, origin, priority: 100, ...over }) as Task;

describe('queue priority', () => {
  it('a feedback task about a partly answered task raises it (no duplicate), and it is leased before an older task', async () => {
    const p = h.project('raise');
    await h.publishProject(p, { answersPerTask: 2, members: [{ userId: 'u1' }, { userId: 'u2' }] });
    const older = h.buildTask(p, { answersRequired: 2 });
    const target = h.buildTask(p, { answersRequired: 2 });
    await publishPrelabel(older);
    await queued(p, older.itemId, 1);
    await publishPrelabel(target);
    await queued(p, target.itemId, 1);

    // u1 takes the older task, then the target, and answers the target: one of its two slots is done.
    expect((await h.next(p, 'u1')).body.taskId).toBe(older.taskId);
    const lease = await h.next(p, 'u1');
    expect(lease.body.taskId).toBe(target.taskId);
    expect((await h.submit(target.taskId, 'u1', { leaseId: lease.body.leaseId, answer: { choice: { optionIds: ['yes'] } }, timeSpentMs: 10 })).status).toBe(201);

    await publishPrelabel(reask(target, TaskOrigin.FEEDBACK));
    await eventually('the target raised to 100', async () => ((await tasksOfItem(p, target.itemId))[0]?.priority === 100 ? true : undefined), 60000, 200);
    expect(await tasksOfItem(p, target.itemId)).toEqual([{ taskId: target.taskId, priority: 100 }]);

    // u2 gets the raised task first, though the other one is older.
    expect((await h.next(p, 'u2')).body.taskId).toBe(target.taskId);
    expect((await h.next(p, 'u2')).body.taskId).toBe(older.taskId);
  });

  it('never lowers a priority: a re-ask at a lower priority leaves the queued task as it is; a new-item task is not absorbed', async () => {
    const p = h.project('keep');
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: 'u1' }] });
    const urgent = h.buildTask(p, { answersRequired: 1, priority: 500 });
    await publishPrelabel(urgent);
    await queued(p, urgent.itemId, 1);
    const low = reask(urgent, TaskOrigin.ACTIVE_LEARNING, { priority: 100 });
    await publishPrelabel(low);
    // A new-item task published after the re-ask (same item: same partition, so handled after it)
    // is never absorbed; once it is queued, the re-ask has been handled.
    const marker = { ...urgent, taskId: uuidv7(), origin: TaskOrigin.NEW_ITEM, priority: 100 } as Task;
    await publishPrelabel(marker);
    await queued(p, urgent.itemId, 2);
    expect(await tasksOfItem(p, urgent.itemId)).toEqual([
      { taskId: urgent.taskId, priority: 500 },
      { taskId: marker.taskId, priority: 100 },
    ]);
  });

  it('queues a re-ask as new work when the earlier task is complete, or of another ontology version; a relabel task is never absorbed', async () => {
    const p = h.project('new');
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: 'u1' }, { userId: 'u2' }] });
    const done = h.buildTask(p, { answersRequired: 1 });
    await publishPrelabel(done);
    await queued(p, done.itemId, 1);
    const lease = await h.next(p, 'u1');
    expect(lease.body.taskId).toBe(done.taskId);
    expect((await h.submit(done.taskId, 'u1', { leaseId: lease.body.leaseId, answer: { choice: { optionIds: ['no'] } }, timeSpentMs: 10 })).status).toBe(201);
    const al = reask(done, TaskOrigin.ACTIVE_LEARNING);
    await publishPrelabel(al);
    expect((await queued(p, done.itemId, 2))[1]).toEqual({ taskId: al.taskId, priority: 100 });
    expect((await h.next(p, 'u2')).body.taskId).toBe(al.taskId);

    const open = h.buildTask(p, { answersRequired: 1 });
    await publishPrelabel(open);
    await queued(p, open.itemId, 1);
    const otherVersion = reask(open, TaskOrigin.FEEDBACK, { ontologyVersion: 2 });
    await publishPrelabel(otherVersion);
    const sameItemNewWork = reask(open, TaskOrigin.RELABEL, { priority: 0 });
    await publishPrelabel(sameItemNewWork);
    const rows = await queued(p, open.itemId, 3);
    expect(rows.map((r) => r.taskId)).toEqual([open.taskId, otherVersion.taskId, sameItemNewWork.taskId]);
    expect(rows[0]!.priority).toBe(0);
  });

  it('looks past a head of the queue whose slots concurrent leases hold, and answers 204 when every slot is held', async () => {
    const p = h.project('held-head');
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: 'u1' }] });
    const tasks = Array.from({ length: 66 }, () => h.buildTask(p, { answersRequired: 1 }));
    await h.producer.publishMany(
      TOPICS.prelabels,
      tasks.map((task) =>
        createEvent(TOPICS.prelabels, { envelope: newEnvelope({ producer: 'prelabel', projectId: p }), task, route: PrelabelRoute.HUMAN_WITHOUT_DRAFT }),
      ),
    );
    await eventually('66 tasks queued', async () => {
      const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM assignment.tasks WHERE project_id = $1`, [p]);
      return n === 66 ? true : undefined;
    }, 60000, 200);
    const inQueueOrder: string[] = (
      await h.ds.query(`SELECT task_id FROM assignment.tasks WHERE project_id = $1 ORDER BY priority DESC, received_at, task_id`, [p])
    ).map((r: { task_id: string }) => r.task_id);

    // Another session holds the slots of the first 64 tasks in queue order (as 64 leases in flight would).
    const holder = h.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT 1 FROM assignment.slots WHERE task_id = ANY($1) FOR UPDATE`, [inQueueOrder.slice(0, 64)]);
      expect((await h.next(p, 'u1')).body.taskId).toBe(inQueueOrder[64]);
      await holder.query(`SELECT 1 FROM assignment.slots WHERE task_id = $1 FOR UPDATE`, [inQueueOrder[65]]);
      expect((await h.next(p, 'u1')).status).toBe(204);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await h.next(p, 'u1')).body.taskId).toBe(inQueueOrder[0]);
  });
});
