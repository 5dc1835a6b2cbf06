import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { uniqueName } from '@verity/testing';
import { Annotators, createProject, FaultPlatform, sleep, Stream } from './support/fault-platform';
import { checkHistory } from './support/history-check';

// Fault 2: the Kafka broker stopped and started again (deploy/local's) while the whole pipeline
// streams: every service's producers, consumers and outbox relays must carry on by themselves.
const root = path.resolve(__dirname, '../..');
const localDir = path.resolve(root, process.env.VERITY_LOCAL_DIR ?? '.local');

function stack(cmd: 'stop' | 'start', ...args: string[]) {
  const r = spawnSync('bash', [path.join(root, `deploy/local/${cmd}.sh`), ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd}.sh failed: ${r.stderr}${r.stdout}`);
}

describe('fault: Kafka broker restart mid-stream', () => {
  const platform = new FaultPlatform({ basePort: 20200, logSuffix: '.fault-broker' });

  beforeAll(async () => {
    if (!fs.existsSync(path.join(localDir, 'pids/kafka.pid'))) {
      throw new Error('this test restarts the broker that deploy/local started; run it through `npm test`');
    }
    await platform.start();
  }, 360000);
  afterAll(() => platform.stop(), 60000);

  it('every content event gets exactly one label after the broker comes back', async () => {
    const run = uniqueName('broker');
    const { projectId, source, clients } = await createProject(platform.gateway, run);
    const stream = await new Stream(projectId, source).open();
    const annotators = new Annotators(clients, projectId).start();
    try {
      await stream.send(20);
      await sleep(4000);
      const inFlight = stream.inFlight();
      stack('stop', 'kafka');
      const during = stream.send(10); // retried by send() until the broker is back
      await sleep(5000); // the services notice and retry meanwhile
      stack('start');
      await during;
      await stream.send(20);
      const figures = await checkHistory({ test: 'broker-restart', stream, kafka: stream.kafka, annotators: clients, faults: 1, inFlight });
      expect(figures).toMatchObject({ contentEvents: 50, lost: 0, duplicated: 0, wrong: 0 });
    } finally {
      await annotators.stop();
      await stream.close();
    }
  }, 900000);
});
