import { PgCluster, stackEnv, TcpProxy, uniqueName } from '@verity/testing';
import { Annotators, createProject, FaultPlatform, progress, sleep, Stream } from './support/fault-platform';
import { checkHistory } from './support/history-check';

// Faults 3 and 4 on one platform: every service runs on a PostgreSQL cluster of this test's own
// (Debian's binaries, initdb'd in a temp dir: the shared database is never touched) and reaches
// S3Proxy through a TCP proxy of this test's own. S3 is cut (connections destroyed, new ones
// refused) and restored; Postgres is crashed (`pg_ctl -m immediate`) and started again; content
// keeps arriving meanwhile. Failures while a dependency is away must be retried, not dead-lettered.
describe('fault: S3 outage and Postgres restart mid-stream', () => {
  const s3 = new URL(stackEnv().s3.endpoint);
  const proxy = new TcpProxy(s3.hostname, Number(s3.port || 80));
  const pg = new PgCluster();
  let platform: FaultPlatform;

  beforeAll(async () => {
    await proxy.start();
    await pg.start();
    platform = await new FaultPlatform({
      basePort: 20300,
      logSuffix: '.fault-deps',
      // Every text goes to S3 (none inline), so ingestion writes and task views read through the proxy.
      env: { DATABASE_URL: pg.url, S3_ENDPOINT: proxy.url, INGESTION_INLINE_MAX_BYTES: '16' },
    }).start();
  }, 420000);

  afterAll(async () => {
    await platform?.stop();
    await proxy.stop();
    pg.destroy();
  }, 90000);

  it('S3 cut and restored: every content event gets exactly one label', async () => {
    const { projectId, source, clients } = await createProject(platform.gateway, uniqueName('s3out'));
    const stream = await new Stream(projectId, source).open();
    const annotators = new Annotators(clients, projectId).start();
    try {
      await stream.send(15);
      await sleep(3000);
      const inFlight = stream.inFlight();
      const before = proxy.connections;
      progress(`S3 cut: ${stream.sent.length} sent, ${stream.labeled()} labeled, ${annotators.answered} answered`);
      await proxy.cut();
      await stream.send(15); // ingestion cannot store their payloads now
      await sleep(20000);
      await proxy.restore();
      progress(`S3 restored: ${stream.sent.length} sent, ${stream.labeled()} labeled, last annotator error: ${annotators.lastError}`);
      await stream.send(10);
      const figures = await checkHistory({ test: 's3-outage', stream, kafka: stream.kafka, annotators: clients, faults: 1, inFlight, databaseUrl: pg.url });
      expect(figures).toMatchObject({ contentEvents: 40, lost: 0, duplicated: 0, wrong: 0 });
      expect(proxy.connections).toBeGreaterThan(before); // the services did reach S3 through the proxy
    } finally {
      await annotators.stop();
      await stream.close();
    }
  }, 600000);

  it('Postgres crashed and restarted: every content event gets exactly one label', async () => {
    const { projectId, source, clients } = await createProject(platform.gateway, uniqueName('pgout'));
    const stream = await new Stream(projectId, source).open();
    const annotators = new Annotators(clients, projectId).start();
    try {
      await stream.send(15);
      await sleep(3000);
      const inFlight = stream.inFlight();
      progress(`Postgres down: ${stream.sent.length} sent, ${stream.labeled()} labeled, ${annotators.answered} answered`);
      pg.down('immediate');
      await stream.send(15); // every service's writes fail now
      await sleep(15000);
      await pg.up();
      progress(`Postgres up: ${stream.sent.length} sent, ${stream.labeled()} labeled, last annotator error: ${annotators.lastError}`);
      await stream.send(10);
      const figures = await checkHistory({ test: 'postgres-restart', stream, kafka: stream.kafka, annotators: clients, faults: 1, inFlight, databaseUrl: pg.url });
      expect(figures).toMatchObject({ contentEvents: 40, lost: 0, duplicated: 0, wrong: 0 });
    } finally {
      await annotators.stop();
      await stream.close();
    }
  }, 600000);
});
