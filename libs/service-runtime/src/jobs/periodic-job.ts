import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@verity/telemetry';

export interface PeriodicJobOptions {
  /** What the job does, for the log line of a failed run. */
  name: string;
  /** Time between runs, in ms; 0 or less: the job is off. */
  intervalMs: number;
  /** Also run once as the service starts. */
  atStart?: boolean;
  logger: Logger;
}

/**
 * A job a service runs every `intervalMs` while it is up: one run at a time (a tick that finds
 * the last run still going is skipped), a failed run is logged and tried again at the next tick,
 * shutdown waits for a run in progress, and the timer never keeps the process alive.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  protected constructor(private readonly job: PeriodicJobOptions) {}

  /** One run of the job. */
  protected abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (this.job.intervalMs <= 0) return;
    if (this.job.atStart) void this.tick();
    this.timer = setInterval(() => void this.tick(), this.job.intervalMs);
    this.timer.unref();
  }

  /** Starts a run unless one is in progress; resolves when the run in progress ends. */
  tick(): Promise<void> {
    this.running ??= this.run()
      .then(
        () => undefined,
        (error: unknown) => this.job.logger.warn(`${this.job.name} failed; will retry`, { error: String(error) }),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
