import { uniqueName } from '@verity/testing';
import { Annotators, createProject, FaultPlatform, isUp, progress, SERVICES, sleep, Stream } from './support/fault-platform';
import { checkHistory } from './support/history-check';

// Fault 1: kill -9 of each of the eight services, one at a time, in one stream run: content keeps
// arriving and annotators keep answering while each is down; it is restarted (same port, same
// name) before the next one goes. The whole history is checked once at the end.
describe('fault: kill -9 of each service mid-stream', () => {
  // A SIGKILLed consumer's partitions wait for its session to expire before its restarted process
  // gets them (and before that process is ready): 10 s here instead of the default 30 s, eight
  // times over. What the test checks does not depend on how long that wait is.
  const platform = new FaultPlatform({ basePort: 20100, logSuffix: '.fault-kill', env: { KAFKA_SESSION_TIMEOUT_MS: '10000' } });

  beforeAll(() => platform.start(), 360000);
  afterAll(() => platform.stop(), 60000);

  it('loses and duplicates nothing across eight SIGKILLs and restarts', async () => {
    const run = uniqueName('kill');
    const { projectId, source, clients } = await createProject(platform.gateway, run);
    const stream = await new Stream(projectId, source).open();
    const annotators = new Annotators(clients, projectId).start();
    let inFlight = 0;
    try {
      await stream.send(8);
      for (const name of SERVICES) {
        await stream.send(6);
        await sleep(1500);
        inFlight += stream.inFlight();
        progress(`kill -9 ${name}: ${stream.sent.length} sent, ${stream.labeled()} labeled, ${annotators.answered} answered`);
        await platform.kill(name);
        expect(await isUp(platform.url(name))).toBe(false);
        await stream.send(6); // arrives while it is down
        await platform.restart(name);
      }
      progress(`all restarted: ${stream.sent.length} sent, ${stream.labeled()} labeled`);
      const figures = await checkHistory({ test: 'kill-each-service', stream, kafka: stream.kafka, annotators: clients, faults: SERVICES.length, inFlight });
      expect(figures).toMatchObject({ faults: 8, contentEvents: 8 + SERVICES.length * 12, lost: 0, duplicated: 0, wrong: 0 });
    } finally {
      await annotators.stop();
      await stream.close();
    }
  }, 900000);
});
