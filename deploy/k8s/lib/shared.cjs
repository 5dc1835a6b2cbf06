// The namespace-wide objects: namespace (restricted Pod Security), shared ConfigMap, the gateway's
// Ingress, the per-release migration Job, and for the Prometheus Operator the PodMonitor scraping
// /metrics and the PrometheusRule made from alerts/verity.rules.yaml.
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const { SITE } = require('./site.cjs');
const { labelsOf, meta, podSpec, envOf, PART_OF } = require('./workloads.cjs');

const ALERT_RULES = path.join(__dirname, '../alerts/verity.rules.yaml');

function namespace() {
  const restricted = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    restricted[`pod-security.kubernetes.io/${mode}`] = 'restricted';
    restricted[`pod-security.kubernetes.io/${mode}-version`] = 'latest';
  }
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: SITE.namespace, labels: { ...PART_OF, ...restricted } },
  };
}

function configMap() {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'verity-config', namespace: SITE.namespace, labels: PART_OF },
    data: SITE.config,
  };
}

function ingress() {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('gateway'),
    spec: {
      ingressClassName: SITE.ingress.className,
      tls: [{ hosts: [SITE.ingress.host], secretName: SITE.ingress.tlsSecret }],
      rules: [
        {
          host: SITE.ingress.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'verity-gateway', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/**
 * One Job per release (named after the image tag) that brings every service's schema up to date,
 * one service after another, before the Deployments roll: a Helm pre-install/pre-upgrade or Argo
 * CD PreSync hook, or with kubectl the order in README.md.
 */
function migrationJob(serviceNames) {
  const name = `migrate-${SITE.release.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(name, {
      labels: { ...labelsOf('migrate'), 'app.kubernetes.io/version': SITE.release },
      annotations: {
        'helm.sh/hook': 'pre-install,pre-upgrade',
        'helm.sh/hook-delete-policy': 'before-hook-creation',
        'argocd.argoproj.io/hook': 'PreSync',
      },
    }),
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 900,
      template: {
        metadata: { labels: { ...labelsOf('migrate'), 'app.kubernetes.io/version': SITE.release } },
        spec: podSpec(
          'migrate',
          {
            args: ['node', 'deploy/k8s/migrate-once.cjs', ...serviceNames],
            ...envOf('migrate'),
            resources: { requests: { cpu: '250m', memory: '768Mi' }, limits: { memory: '768Mi' } },
          },
          { restartPolicy: 'Never' },
        ),
      },
    },
  };
}

function prometheusRule() {
  const { groups } = parse(fs.readFileSync(ALERT_RULES, 'utf8'));
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'verity',
      namespace: SITE.namespace,
      labels: { ...PART_OF, ...SITE.prometheus.ruleLabels },
    },
    spec: { groups },
  };
}

/** Scrapes /metrics of every Verity pod; `job` is the service's name (the alerts group by it). */
function podMonitor() {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: {
      name: 'verity',
      namespace: SITE.namespace,
      labels: { ...PART_OF, ...SITE.prometheus.ruleLabels },
    },
    spec: {
      jobLabel: 'app.kubernetes.io/name',
      selector: {
        matchLabels: PART_OF,
        matchExpressions: [
          { key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['migrate'] },
        ],
      },
      // /metrics answers only loopback without METRICS_TOKEN: Prometheus sends it from the Secret.
      podMetricsEndpoints: [
        {
          port: 'http',
          path: '/metrics',
          interval: '30s',
          authorization: { type: 'Bearer', credentials: { name: SITE.secretName, key: 'METRICS_TOKEN' } },
        },
      ],
    },
  };
}

module.exports = { namespace, configMap, ingress, migrationJob, podMonitor, prometheusRule };
