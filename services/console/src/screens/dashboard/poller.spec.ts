import { Poller, type PollerTimers } from './poller';

/** Manual timers: the test decides when a scheduled refresh fires. */
function fakeTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: PollerTimers = {
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  const fire = async () => {
    const [id, t] = [...pending][0] ?? [];
    if (id === undefined) throw new Error('nothing scheduled');
    pending.delete(id);
    t!.fn();
    await flush();
  };
  return { timers, pending, fire };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('Poller', () => {
  it('refreshes at once, then every interval after the previous refresh finished', async () => {
    const { timers, pending, fire } = fakeTimers();
    const run = jest.fn().mockResolvedValue(undefined);
    const p = new Poller(run, 10_000, timers);
    p.start();
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
    expect([...pending.values()].map((t) => t.ms)).toEqual([10_000]);
    await fire();
    expect(run).toHaveBeenCalledTimes(2);
    expect(pending.size).toBe(1);
  });

  it('never runs two refreshes at once', async () => {
    const { timers, pending } = fakeTimers();
    let release!: () => void;
    const run = jest.fn(() => new Promise<void>((r) => (release = r)));
    const p = new Poller(run, 1000, timers);
    p.start();
    p.start();
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await flush();
    expect(pending.size).toBe(1);
  });

  it('stops while paused (hidden tab or the person) and refreshes at once when the last pause goes', async () => {
    const { timers, pending } = fakeTimers();
    const run = jest.fn().mockResolvedValue(undefined);
    const p = new Poller(run, 1000, timers);
    p.start();
    await flush();
    p.pause('hidden');
    p.pause('user');
    expect(pending.size).toBe(0);
    expect(p.paused).toBe(true);
    p.resume('hidden');
    await flush();
    expect(run).toHaveBeenCalledTimes(1);
    p.resume('user');
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
    expect(pending.size).toBe(1);
  });

  it('a refresh finishing while paused schedules nothing', async () => {
    const { timers, pending } = fakeTimers();
    let release!: () => void;
    const run = jest.fn(() => new Promise<void>((r) => (release = r)));
    const p = new Poller(run, 1000, timers);
    p.start();
    p.pause('hidden');
    release();
    await flush();
    expect(pending.size).toBe(0);
  });

  it('keeps the rhythm after a failed refresh, and stop() ends it', async () => {
    const { timers, pending, fire } = fakeTimers();
    const run = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(undefined);
    const p = new Poller(run, 1000, timers);
    p.start();
    await flush();
    expect(pending.size).toBe(1);
    await fire();
    expect(run).toHaveBeenCalledTimes(2);
    p.stop();
    expect(pending.size).toBe(0);
    p.resume('anything');
    await flush();
    expect(run).toHaveBeenCalledTimes(2);
  });
});
