import {
  ConsumerRunner,
  createKafka,
  ensureTopics,
  EventProducer,
  protobufCodec,
} from '@verity/messaging';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  contentEvent,
  eventually,
  privateContentTopic,
  stackEnv,
  uniqueName,
} from '@verity/testing';

// kafkajs has open reports of clients not recovering after a broker restart (#267, #660,
// #1513): we restart the real broker under a running producer and consumer and check both
// carry on. Only a broker that deploy/local started can be restarted from here.
const root = path.resolve(__dirname, '../../..');
const localDir = path.resolve(root, process.env.VERITY_LOCAL_DIR ?? '.local');

function stack(cmd: 'stop' | 'start', ...args: string[]) {
  const r = spawnSync('bash', [path.join(root, `deploy/local/${cmd}.sh`), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${cmd}.sh failed: ${r.stderr}${r.stdout}`);
}

describe('recovery from a broker restart', () => {
  const env = stackEnv();

  it('producer and consumer carry on after the broker is stopped and started again', async () => {
    if (!fs.existsSync(path.join(localDir, 'pids/kafka.pid'))) {
      throw new Error(
        'this test restarts the broker that deploy/local started; run it through `npm test`',
      );
    }
    const kafka = createKafka({ brokers: env.brokers, clientId: 'restart-it' });
    const producer = new EventProducer(kafka, protobufCodec, 'restart-it');
    await producer.connect();
    const topic = privateContentTopic(3);
    await ensureTopics(kafka, [topic]);
    const seen = new Set<string>();
    const runner = new ConsumerRunner(kafka, protobufCodec, producer, {
      groupId: uniqueName('restart'),
    });
    runner.subscribe(topic, async (e) => void seen.add(e.sourceId));
    await runner.start();
    try {
      await producer.publishMany(
        topic,
        [0, 1, 2].map((i) => contentEvent(`before-${i}`)),
      );
      await eventually(
        'records before the restart',
        () => (seen.size >= 3 ? true : undefined),
        30000,
      );

      stack('stop', 'kafka');
      stack('start');

      // The producer's first sends may fail while metadata refreshes: retry as a service would.
      await eventually(
        'publish after the restart',
        async () => {
          await producer.publishMany(
            topic,
            [0, 1, 2].map((i) => contentEvent(`after-${i}`)),
          );
          return true;
        },
        90000,
        1000,
      );
      await eventually(
        'records after the restart',
        () => (['after-0', 'after-1', 'after-2'].every((s) => seen.has(s)) ? true : undefined),
        120000,
        500,
      );
    } finally {
      await runner.stop();
      await producer.disconnect();
    }
  }, 300000);
});
