import type { TaskView } from '../../api/types';
import { TaskQueue, type LeasePort } from './task-queue';

const task = (id: string, ttlMs = 600000): TaskView =>
  ({ taskId: id, leaseId: `L-${id}`, leaseExpiresAt: new Date(Date.now() + ttlMs).toISOString() }) as TaskView;

/** In-memory fake of the gateway's lease API. */
class FakeLeases implements LeasePort {
  calls = 0;
  constructor(
    public queue: TaskView[],
    public held: TaskView[] = [],
    public failWith?: unknown,
  ) {}
  async nextTask(): Promise<TaskView | null> {
    this.calls++;
    if (this.failWith) throw this.failWith;
    return this.queue.shift() ?? null;
  }
  async myLeases(): Promise<TaskView[]> {
    return this.held;
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('TaskQueue', () => {
  it('leases the next task ahead, so a submit shows it at once', async () => {
    const api = new FakeLeases([task('a'), task('b'), task('c')]);
    const q = new TaskQueue(api, 'p');
    expect((await q.start())?.taskId).toBe('a');
    await settle();
    expect(q.prefetched).toBe(1);
    expect(q.takeReady()?.taskId).toBe('b');
    await settle();
    expect(q.takeReady()?.taskId).toBe('c');
    await settle();
    expect(q.takeReady()).toBeUndefined();
  });

  it('resumes leases already held, earliest expiry first, and skips expired ones', async () => {
    const api = new FakeLeases([task('new')], [task('late', 500000), task('gone', -1000), task('early', 100000)]);
    const q = new TaskQueue(api, 'p');
    expect((await q.start())?.taskId).toBe('early');
    expect(q.takeReady()?.taskId).toBe('late');
    await settle();
    expect(q.takeReady()?.taskId).toBe('new');
  });

  it('returns null when nothing is available, and asks again after retry()', async () => {
    const api = new FakeLeases([]);
    const q = new TaskQueue(api, 'p');
    expect(await q.start()).toBeNull();
    api.queue.push(task('x'));
    q.retry();
    expect((await q.next())?.taskId).toBe('x');
  });

  it('reports a refusal (e.g. 403 suspended) when there is nothing to show', async () => {
    const refusal = Object.assign(new Error('suspended'), { status: 403 });
    const q = new TaskQueue(new FakeLeases([], [], refusal), 'p');
    await expect(q.start()).rejects.toBe(refusal);
  });

  it('drops a prefetched lease that is about to expire', async () => {
    const api = new FakeLeases([task('a'), task('short', 1000), task('c')]);
    const q = new TaskQueue(api, 'p');
    await q.start();
    await settle();
    expect(q.takeReady()).toBeUndefined();
  });
});

describe('TaskQueue at the live-lease cap', () => {
  it('waits for a saved answer instead of failing, then leases again', async () => {
    const cap = Object.assign(new Error('too many live leases'), { status: 409 });
    const api = new FakeLeases([task('a')]);
    const q = new TaskQueue(api, 'p', 2, 60000);
    expect((await q.start())?.taskId).toBe('a');
    await settle();
    api.failWith = cap;
    api.queue.push(task('b'));
    const waiting = q.next();
    await settle();
    api.failWith = undefined;
    q.released();
    expect((await waiting)?.taskId).toBe('b');
  });

  it('asks again on its own after the wait when no answer is saved', async () => {
    const api = new FakeLeases([], [], Object.assign(new Error('cap'), { status: 409 }));
    const q = new TaskQueue(api, 'p', 1, 10);
    const first = q.next();
    await settle();
    api.failWith = undefined;
    api.queue.push(task('later'));
    expect((await first)?.taskId).toBe('later');
  });
});
