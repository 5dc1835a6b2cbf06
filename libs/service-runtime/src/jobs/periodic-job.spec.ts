import type { Logger } from '@verity/telemetry';
import { PeriodicJob } from './periodic-job';

class CountingJob extends PeriodicJob {
  runs = 0;
  release: () => void = () => undefined;
  fail = false;
  constructor(logger: Logger, intervalMs = 1000, atStart = false) {
    super({ name: 'counting job', intervalMs, atStart, logger });
  }
  protected run(): Promise<void> {
    this.runs++;
    if (this.fail) return Promise.reject(new Error('boom'));
    return new Promise<void>((resolve) => (this.release = resolve));
  }
}

const fakeLogger = () => {
  const warnings: unknown[][] = [];
  return { warnings, logger: { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger };
};

describe('PeriodicJob', () => {
  afterEach(() => jest.useRealTimers());

  it('runs once at a time: a tick while a run is in progress joins it', async () => {
    const job = new CountingJob(fakeLogger().logger);
    const first = job.tick();
    const second = job.tick();
    expect(job.runs).toBe(1);
    job.release();
    await Promise.all([first, second]);
    void job.tick();
    expect(job.runs).toBe(2);
    job.release();
  });

  it('logs a failed run and runs again at the next tick', async () => {
    const { logger, warnings } = fakeLogger();
    const job = new CountingJob(logger);
    job.fail = true;
    await job.tick();
    expect(warnings).toEqual([['counting job failed; will retry', { error: 'Error: boom' }]]);
    await job.tick();
    expect(job.runs).toBe(2);
  });

  it('ticks every interval (and at start when asked), not at all when the interval is 0, and shutdown waits for the run', async () => {
    jest.useFakeTimers();
    const job = new CountingJob(fakeLogger().logger, 1000, true);
    job.onApplicationBootstrap();
    expect(job.runs).toBe(1); // at start
    job.release();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(1000);
    expect(job.runs).toBe(2);
    let stopped = false;
    const stopping = job.beforeApplicationShutdown().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false); // the run in progress
    job.release();
    await stopping;
    jest.advanceTimersByTime(5000);
    expect(job.runs).toBe(2); // no tick after shutdown

    const off = new CountingJob(fakeLogger().logger, 0, true);
    off.onApplicationBootstrap();
    jest.advanceTimersByTime(5000);
    expect(off.runs).toBe(0);
  });
});
