// The objects of one service: Deployment (restricted pod security, secrets by reference), Service,
// autoscaling (a KEDA ScaledObject for a consumer, an HPA on CPU for the gateway), PDB.
const { SITE } = require('./site.cjs');

const PART_OF = { 'app.kubernetes.io/part-of': 'verity' };
const labelsOf = (name) => ({ 'app.kubernetes.io/name': name, ...PART_OF });
const meta = (name, extra = {}) => ({
  name: `verity-${name}`,
  namespace: SITE.namespace,
  labels: labelsOf(name),
  ...extra,
});

/** Pod and container security of the `restricted` Pod Security Standard (the image runs as `node`, uid 1000). */
const POD_SECURITY = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};
const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

/** How every Verity process starts in the image (the Dockerfile's CMD, docker-compose's command). */
const entryPoint = (name) => ['node', '-r', '@swc-node/register', `services/${name}/src/main.ts`];

/**
 * V8's old space for a container of `memory` (e.g. '384Mi'): half of it, so the heap stays
 * within the limit with room for code, buffers and the young generation (decision 77). Without
 * it V8 sizes the heap from the node's memory, grows it lazily under load, and the kernel kills
 * the container long before V8 would collect.
 */
function heapMbOf(memory) {
  const m = /^(\d+)(Mi|Gi)$/.exec(memory);
  if (!m) throw new Error(`memory must be <n>Mi or <n>Gi, got ${memory}`);
  return Math.floor((Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1)) / 2);
}

/** Shared settings from the ConfigMap, secrets by reference only, then the service's own. */
function envOf(name, own = {}) {
  return {
    envFrom: [{ configMapRef: { name: 'verity-config' } }],
    env: [
      { name: 'SERVICE_NAME', value: name },
      ...SITE.secretKeys.map((key) => ({
        name: key,
        valueFrom: { secretKeyRef: { name: SITE.secretName, key } },
      })),
      ...Object.entries(own).map(([k, value]) => ({ name: k, value: String(value) })),
    ],
  };
}

/** A pod spec running one Verity process with the restricted profile and a writable /tmp only. */
function podSpec(name, container, extra = {}) {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: POD_SECURITY,
    ...extra,
    containers: [
      {
        name,
        image: SITE.image,
        ...container,
        securityContext: CONTAINER_SECURITY,
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
  };
}

function deployment(s) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(s.name),
    // No `replicas`: the autoscaler owns the count (an applied number would fight it).
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': s.name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labelsOf(s.name),
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': '3000',
            'prometheus.io/path': '/metrics',
          },
        },
        spec: podSpec(
          s.name,
          {
            args: entryPoint(s.name),
            ports: [{ name: 'http', containerPort: 3000 }],
            ...envOf(s.name, { NODE_OPTIONS: `--max-old-space-size=${heapMbOf(s.memory)}`, ...s.env }),
            resources: { requests: { cpu: s.cpu, memory: s.memory }, limits: { memory: s.memory } },
            readinessProbe: {
              httpGet: { path: '/readyz', port: 'http' },
              periodSeconds: 5,
              timeoutSeconds: 4,
              failureThreshold: 3,
            },
            livenessProbe: {
              httpGet: { path: '/healthz', port: 'http' },
              initialDelaySeconds: 20,
              periodSeconds: 10,
              failureThreshold: 6,
            },
          },
          {
            terminationGracePeriodSeconds: 30,
            // Replicas on different nodes where possible, so one node lost is not a service lost.
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: 'kubernetes.io/hostname',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { 'app.kubernetes.io/name': s.name } },
              },
            ],
          },
        ),
      },
    },
  };
}

function service(s) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(s.name),
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': s.name },
      ports: [{ name: 'http', port: s.public ? 80 : 3000, targetPort: 'http' }],
    },
  };
}

/** Lag on each topic of the service's group, and CPU, in one ScaledObject (KEDA makes the one HPA). */
function scaledObject(s) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: meta(s.name),
    spec: {
      scaleTargetRef: { name: `verity-${s.name}` },
      minReplicaCount: s.replicas,
      // The largest partition count of its topics (libs/contracts): one more replica would sit idle.
      maxReplicaCount: s.max,
      pollingInterval: 15,
      cooldownPeriod: 300,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
        },
      },
      triggers: [
        ...s.scaled.map(({ topic }) => ({
          type: 'kafka',
          metadata: {
            bootstrapServers: SITE.config.KAFKA_BROKERS,
            consumerGroup: s.group,
            topic,
            lagThreshold: String(s.consumes.lagThreshold),
            offsetResetPolicy: 'earliest',
          },
        })),
        { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
      ],
    },
  };
}

function cpuAutoscaler(s) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(s.name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `verity-${s.name}` },
      minReplicas: s.replicas,
      maxReplicas: s.max,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    },
  };
}

function disruptionBudget(s) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(s.name),
    spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': s.name } } },
  };
}

/** The objects of one described service (describeServices), in apply order. */
function workloadObjects(s) {
  return [
    deployment(s),
    service(s),
    s.consumes ? scaledObject(s) : cpuAutoscaler(s),
    disruptionBudget(s),
  ];
}

module.exports = { workloadObjects, podSpec, envOf, entryPoint, labelsOf, meta, PART_OF };
