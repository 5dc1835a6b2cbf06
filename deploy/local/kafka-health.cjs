// Health probe for the local stack: exits 0 when the broker(s) in KAFKA_BROKERS answer a
// metadata request (kafkajs admin describeCluster), 1 otherwise. One attempt, short timeouts;
// deploy/local/lib.sh loops around it. Prints the controller/broker ids on success.
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [root] }));

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
const timeoutMs = Number(process.argv[2] || 3000);

const kafka = new Kafka({
  clientId: 'verity-local-health',
  brokers,
  connectionTimeout: Math.min(timeoutMs, 2000),
  requestTimeout: timeoutMs,
  retry: { retries: 0 },
  logLevel: logLevel.NOTHING,
});

async function main() {
  const admin = kafka.admin();
  const timer = setTimeout(() => {
    console.error(`no metadata answer from ${brokers.join(',')} within ${timeoutMs} ms`);
    process.exit(1);
  }, timeoutMs + 500);
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    console.log(`cluster ${cluster.clusterId}, brokers ${cluster.brokers.map((b) => b.nodeId).join(',')}`);
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
    process.exit(0);
  } catch (err) {
    console.error(String(err && err.message ? err.message : err));
    process.exit(1);
  }
}

main();
