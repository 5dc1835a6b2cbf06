import type { TaskView } from '../../api/types';

/** What the queue needs from the API (the real client, or a fake in unit tests). */
export interface LeasePort {
  nextTask(projectId: string): Promise<TaskView | null>;
  myLeases(projectId: string): Promise<TaskView[]>;
}

const statusOf = (err: unknown) => (err as { status?: number } | null)?.status;

/**
 * The annotator's current task and the next ones, leased ahead while the person works, so that
 * after a submit the next task is on screen at once. Leases the person already holds (after a
 * reload) are resumed first.
 *
 * The server caps a person's live leases per project (409). Answers still on their way hold their
 * leases, so when a quick annotator hits the cap the queue waits for `released()` (an answer was
 * saved) instead of failing, and asks again then.
 */
export class TaskQueue {
  private ahead: TaskView[] = [];
  private fetching: Promise<void> | null = null;
  private exhausted = false;
  private atCap = false;
  private lastError: unknown = undefined;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly port: LeasePort,
    private readonly projectId: string,
    private readonly depth = 1,
    private readonly capWaitMs = 3000,
  ) {}

  /** The first task: a lease already held, else a new one. null when nothing is available. */
  async start(): Promise<TaskView | null> {
    const held = (await this.port.myLeases(this.projectId)).filter((t) => Date.parse(t.leaseExpiresAt) > Date.now());
    held.sort((a, b) => Date.parse(a.leaseExpiresAt) - Date.parse(b.leaseExpiresAt));
    this.ahead.push(...held);
    return this.next();
  }

  /** The next task: the prefetched one at once when there is one; then refills behind it. */
  async next(): Promise<TaskView | null> {
    this.dropExpired();
    let t = this.ahead.shift();
    if (!t) {
      this.exhausted = false;
      await this.fill();
      if (this.ahead.length === 0 && this.atCap) {
        await this.untilReleased();
        await this.fill();
      }
      this.dropExpired();
      t = this.ahead.shift();
      if (!t && this.lastError !== undefined) {
        const err = this.lastError;
        this.lastError = undefined;
        throw err;
      }
    }
    void this.fill();
    return t ?? null;
  }

  /** Synchronous variant for the submit path: the prefetched task or undefined. */
  takeReady(): TaskView | undefined {
    this.dropExpired();
    const t = this.ahead.shift();
    if (t) void this.fill();
    return t;
  }

  /** An answer was saved, so its lease no longer counts against the cap: lease ahead again. */
  released(): void {
    this.atCap = false;
    for (const w of this.waiters.splice(0)) w();
    void this.fill();
  }

  /** Forgets the end-of-queue mark, so the next fill asks the server again. */
  retry(): void {
    this.exhausted = false;
  }

  get prefetched(): number {
    return this.ahead.length;
  }

  private untilReleased(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.atCap = false;
        resolve();
      }, this.capWaitMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private dropExpired(): void {
    const now = Date.now();
    this.ahead = this.ahead.filter((t) => Date.parse(t.leaseExpiresAt) > now + 5000);
  }

  private fill(): Promise<void> {
    if (this.fetching) return this.fetching;
    if (this.exhausted || this.atCap || this.ahead.length >= this.depth) return Promise.resolve();
    this.fetching = (async () => {
      try {
        while (this.ahead.length < this.depth) {
          const t = await this.port.nextTask(this.projectId);
          if (!t) {
            this.exhausted = true;
            break;
          }
          this.ahead.push(t);
        }
      } catch (err) {
        if (statusOf(err) === 409) this.atCap = true;
        // other failures are not shown while a task is on screen; next() reports them when
        // there is nothing else to show
        else this.lastError = err;
      } finally {
        this.fetching = null;
      }
    })();
    return this.fetching;
  }
}
