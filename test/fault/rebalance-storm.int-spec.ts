import { uniqueName } from '@verity/testing';
import { Annotators, createProject, FaultPlatform, progress, SERVICES, Stream, type Proc } from './support/fault-platform';
import { checkHistory } from './support/history-check';

// Fault 6: a rebalance storm. Every consumer service runs one replica; every TICK_MS a second
// replica of the next service joins its group (same database, its own port) and, once it has
// joined, the one added at the tick before leaves (SIGTERM), so each group rebalances at least
// twice while content streams. No effect may happen twice, nothing may be lost, and every
// group's lag returns to 0.
const TICK_MS = 20000;
const CONSUMERS = SERVICES.filter((s) => s !== 'gateway');
/** Load while the groups rebalance: 2 events every 5 s for the tick. */
const PER_TICK = Math.round((TICK_MS / 5000) * 2);

describe('fault: rebalance storm under load', () => {
  const platform = new FaultPlatform({ basePort: 20400, logSuffix: '.fault-storm' });

  beforeAll(() => platform.start(), 360000);
  afterAll(() => platform.stop(), 60000);

  it('replicas joining and leaving every 20 s: no duplicate effect, none lost, lag back to 0', async () => {
    const { projectId, source, clients } = await createProject(platform.gateway, uniqueName('storm'));
    const stream = await new Stream(projectId, source).open();
    const annotators = new Annotators(clients, projectId).start();
    let extra: Proc | undefined;
    let inFlight = 0;
    let faults = 0;
    try {
      await stream.send(6);
      for (const name of CONSUMERS) {
        const joining = platform.replica(name, 20450);
        const tick = Date.now();
        inFlight += stream.inFlight();
        faults += 1;
        await stream.trickle(PER_TICK, 2, 5000);
        await platform.ready(joining); // it joins its group once ready
        if (extra) {
          await platform.stopProc(extra);
          faults += 1;
        }
        extra = joining;
        progress(`tick ${name} (${Math.round((Date.now() - tick) / 1000)} s): ${stream.sent.length} sent, ${stream.labeled()} labeled`);
      }
      if (extra) await platform.stopProc(extra);
      faults += 1;
      extra = undefined;
      const figures = await checkHistory({ test: 'rebalance-storm', stream, kafka: stream.kafka, annotators: clients, faults, inFlight });
      expect(figures).toMatchObject({ lost: 0, duplicated: 0, wrong: 0 });
      expect(figures.contentEvents).toBe(6 + CONSUMERS.length * PER_TICK);
    } finally {
      if (extra) await platform.stopProc(extra);
      await annotators.stop();
      await stream.close();
    }
  }, 900000);
});
