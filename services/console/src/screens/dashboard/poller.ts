/**
 * Runs a refresh now and then every `intervalMs` after the previous one finished (never two at
 * once), and not at all while paused: the tab hidden, or the person pausing the live view. When
 * the last pause reason goes, it refreshes at once (the data is stale) and resumes the rhythm.
 */
export interface PollerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class Poller {
  private timer: unknown = null;
  private running = false;
  private stopped = false;
  private readonly pauses = new Set<string>();

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly timers: PollerTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  ) {}

  get paused(): boolean {
    return this.pauses.size > 0;
  }

  /** Refresh now (also while paused: an explicit request), then keep the rhythm unless paused. */
  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  pause(reason: string): void {
    this.pauses.add(reason);
    this.clear();
  }

  resume(reason: string): void {
    if (!this.pauses.delete(reason) || this.paused || this.stopped) return;
    void this.tick();
  }

  private clear(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    this.clear();
    if (this.running) return; // the one in flight schedules the next
    this.running = true;
    try {
      await this.run();
    } catch {
      // the caller shows its own errors; the rhythm goes on
    } finally {
      this.running = false;
    }
    if (!this.stopped && !this.paused && this.timer === null) this.timer = this.timers.setTimeout(() => void this.tick(), this.intervalMs);
  }
}
