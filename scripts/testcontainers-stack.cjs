// VERITY_STACK=testcontainers: the integration tier's Kafka (apache/kafka, KRaft, as in
// docker-compose.yml), PostgreSQL, S3-compatible store (MinIO) and Zipkin as containers on the
// Docker engine. Returns the settings the tests read and a stop(); the containers also go when this
// process ends (testcontainers' reaper).
const net = require('node:net');

/** A free host port: Kafka must advertise the address clients reach it at before it starts. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startContainerStack(log = console.log) {
  const { GenericContainer, Wait } = require('testcontainers');
  const { PostgreSqlContainer } = require('@testcontainers/postgresql');
  const { MinioContainer } = require('@testcontainers/minio');
  const kafkaPort = await freePort();
  log('[stack] starting Kafka, PostgreSQL and MinIO containers (testcontainers)…');
  const [kafka, pg, minio, zipkin] = await Promise.all([
    new GenericContainer('apache/kafka:4.1.1')
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_LISTENERS: 'EXTERNAL://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `EXTERNAL://127.0.0.1:${kafkaPort}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'EXTERNAL',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_NUM_PARTITIONS: '3',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start(),
    new PostgreSqlContainer('postgres:16').withDatabase('test').start(),
    new MinioContainer('minio/minio:latest')
      .withUsername('verity-local')
      .withPassword('verity-local-secret')
      .start(),
    new GenericContainer('openzipkin/zipkin:3')
      .withExposedPorts(9411)
      .withWaitStrategy(Wait.forHttp('/health', 9411))
      .start(),
  ]);
  const bucket = process.env.S3_BUCKET || 'verity';
  const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
  const s3 = new S3Client({
    endpoint: minio.getConnectionUrl(),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'verity-local', secretAccessKey: 'verity-local-secret' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  s3.destroy();
  const env = {
    KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    DATABASE_URL: pg.getConnectionUri(),
    S3_ENDPOINT: minio.getConnectionUrl(),
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'verity-local',
    S3_SECRET_ACCESS_KEY: 'verity-local-secret',
    S3_BUCKET: bucket,
    ZIPKIN_URL: `http://${zipkin.getHost()}:${zipkin.getMappedPort(9411)}`,
  };
  return { env, stop: () => Promise.all([kafka.stop(), pg.stop(), minio.stop(), zipkin.stop()]) };
}

module.exports = { startContainerStack, freePort };
