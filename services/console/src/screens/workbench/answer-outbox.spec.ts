import { AnswerOutbox, type OutboxEvent, type Submission } from './answer-outbox';

/** In-memory fake of session storage. */
class FakeStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

const sub = (id: string): Submission => ({ taskId: id, leaseId: `L-${id}`, answer: { choice: { optionIds: ['spam'] } }, timeSpentMs: 1200 });
const fail = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status, transient: status === 0 || status >= 500 });
/** Waits until `done()` holds (retries run on real timers; a busy machine may take longer than a few ms). */
async function until(done: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe('AnswerOutbox', () => {
  it('keeps an answer through transient failures and sends it once they pass', async () => {
    const results: unknown[] = [fail(0), fail(503)];
    const sent: string[] = [];
    const port = {
      submit: async (taskId: string) => {
        const r = results.shift();
        if (r) throw r;
        sent.push(taskId);
      },
    };
    const events: OutboxEvent[] = [];
    const storage = new FakeStorage();
    const o = new AnswerOutbox(port, storage, 'k', (e) => events.push(e), () => undefined, () => 1);
    o.add(sub('a'));
    expect(JSON.parse(storage.getItem('k')!)).toHaveLength(1);
    await until(() => events.length > 0 && JSON.parse(storage.getItem('k')!).length === 0);
    expect(sent).toEqual(['a']);
    expect(events.map((e) => e.kind)).toEqual(['saved']);
    expect(JSON.parse(storage.getItem('k')!)).toHaveLength(0);
  });

  it('reports a lease that is gone (409) once and drops it, then sends the rest in order', async () => {
    const sent: string[] = [];
    const port = {
      submit: async (taskId: string) => {
        if (taskId === 'gone') throw fail(409);
        sent.push(taskId);
      },
    };
    const events: OutboxEvent[] = [];
    const o = new AnswerOutbox(port, new FakeStorage(), 'k', (e) => events.push(e), () => undefined, () => 1);
    o.add(sub('gone'));
    o.add(sub('b'));
    await until(() => o.size === 0);
    expect(sent).toEqual(['b']);
    expect(events[0]).toMatchObject({ kind: 'rejected', status: 409 });
    expect(o.size).toBe(0);
  });

  it('picks up answers left in storage by an earlier page', async () => {
    const storage = new FakeStorage();
    storage.setItem('k', JSON.stringify([sub('left')]));
    const sent: string[] = [];
    const o = new AnswerOutbox({ submit: async (id: string) => void sent.push(id) }, storage, 'k', () => undefined, () => undefined);
    expect(o.size).toBe(1);
    await o.flush();
    expect(sent).toEqual(['left']);
  });
});
