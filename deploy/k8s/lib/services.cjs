// One description per service: replicas, resources, own settings, and for the consumers the
// consumer group and topics KEDA scales on. Partition counts are read from the topic contracts
// (libs/contracts), never repeated here.
const path = require('node:path');

const root = path.join(__dirname, '../../..');

/** The topic contracts (`TOPICS` of libs/contracts), loaded from TypeScript through SWC. */
function loadTopics() {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
  require('@swc-node/register');
  return require(path.join(root, 'libs/contracts/src/topics/topics.ts')).TOPICS;
}

// `group` is the service's main consumer group (`<service>`, EventRuntime's default) and `topics`
// what it reads; its smaller groups (projects.v1, erasures.v1 copies) never need more replicas.
// lagThreshold: records waiting per replica before KEDA adds one (slow work: lower).
const SERVICES = {
  // Behind TLS (the Ingress): the console's session cookie is Secure.
  gateway: {
    replicas: 2,
    max: 6,
    cpu: '250m',
    memory: '384Mi',
    public: true,
    env: {
      SESSION_COOKIE_SECURE: 'true',
      ASSIGNMENT_URL: 'http://verity-assignment:3000',
      ADJUDICATION_URL: 'http://verity-adjudication:3000',
      EXPORT_URL: 'http://verity-export:3000',
      QUALITY_URL: 'http://verity-quality:3000',
      PRELABEL_URL: 'http://verity-prelabel:3000',
      INGESTION_URL: 'http://verity-ingestion:3000',
    },
  },
  ingestion: {
    replicas: 2,
    cpu: '250m',
    memory: '384Mi',
    consumes: { topics: ['content.v1'], lagThreshold: 200 },
  },
  decomposition: {
    replicas: 2,
    cpu: '200m',
    // Peaks at 278 MiB with a 192 MiB heap under the 100,000-event benchmark (bench/README.md).
    memory: '384Mi',
    consumes: { topics: ['items.v1', 'decisions.v1'], lagThreshold: 200 },
  },
  prelabel: {
    replicas: 2,
    cpu: '500m',
    memory: '768Mi',
    consumes: { topics: ['tasks.v1'], lagThreshold: 50 },
  },
  assignment: {
    replicas: 2,
    max: 6,
    cpu: '250m',
    memory: '384Mi',
    env: { ASSIGNMENT_TASK_SOURCE: 'prelabels' },
    consumes: { topics: ['prelabels.v1'], lagThreshold: 200 },
  },
  quality: {
    replicas: 2,
    cpu: '500m',
    memory: '768Mi',
    consumes: { topics: ['annotations.v1'], lagThreshold: 200 },
  },
  adjudication: {
    replicas: 2,
    max: 4,
    cpu: '200m',
    memory: '256Mi',
    consumes: { topics: ['adjudications.v1'], lagThreshold: 100 },
  },
  export: {
    replicas: 2,
    cpu: '500m',
    memory: '768Mi',
    consumes: { topics: ['decisions.v1'], lagThreshold: 500 },
  },
};

/**
 * The services with what scaling needs from the contracts: for a consumer, its group, each topic's
 * partitions, and maxReplicas = the largest partition count of its topics (a replica beyond it
 * would own no partition), lowered by the service's own `max` when it has one.
 */
function describeServices(topics = loadTopics()) {
  const byName = new Map(Object.values(topics).map((t) => [t.name, t]));
  return Object.entries(SERVICES).map(([name, s]) => {
    if (!s.consumes) return { name, ...s };
    const scaled = s.consumes.topics.map((topic) => {
      const spec = byName.get(topic);
      if (!spec)
        throw new Error(
          `deploy/k8s: ${name} scales on ${topic}, which libs/contracts does not define`,
        );
      if (!spec.consumers.includes(name))
        throw new Error(`deploy/k8s: ${name} is not a consumer of ${topic} in libs/contracts`);
      return { topic, partitions: spec.partitions };
    });
    const partitions = Math.max(...scaled.map((t) => t.partitions));
    return { name, ...s, group: name, scaled, max: Math.min(s.max ?? partitions, partitions) };
  });
}

module.exports = { SERVICES, describeServices, loadTopics };
