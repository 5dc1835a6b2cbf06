// What differs from one cluster to the next: the image, where the existing Kafka, Postgres, S3 and
// trace backend are, which namespaces run the ingress controller and Prometheus. Edit here, then
// `node deploy/k8s/generate.cjs`.
const NAMESPACE = 'verity';
const IMAGE = 'ghcr.io/verity-labels/verity:0.1.0';
/** The release: names the migration Job, so each release migrates once. */
const RELEASE = IMAGE.split(':').pop();

/** `kubernetes.io/metadata.name` is set by Kubernetes on every namespace (1.22+). */
const namespaceNamed = (name) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } },
});
/** Anywhere but the cluster's private ranges: for managed services reached over the internet. */
const publicInternet = {
  ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
};

const SITE = {
  namespace: NAMESPACE,
  image: IMAGE,
  release: RELEASE,
  /** Shared, non-secret settings of every service (the ConfigMap). */
  config: {
    KAFKA_BROKERS: 'kafka-0.kafka.kafka:9092,kafka-1.kafka.kafka:9092,kafka-2.kafka.kafka:9092',
    S3_ENDPOINT: 'https://s3.us-east-1.amazonaws.com',
    S3_REGION: 'us-east-1',
    S3_BUCKET: 'verity',
    // Zipkin's span API root (the services append /api/v2/spans); or set OTEL_EXPORTER_OTLP_ENDPOINT
    // (an OpenTelemetry collector's OTLP/HTTP address, e.g. http://otel-collector.observability:4318).
    ZIPKIN_URL: 'http://zipkin.observability:9411',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    PORT: '3000',
    // Services bind loopback unless told otherwise; in a pod the kubelet's probes and peers come over the network.
    HOST: '0.0.0.0',
  },
  /** Keys of the `verity-secrets` Secret (created from your secret store, never kept here). */
  secretName: 'verity-secrets',
  // METRICS_TOKEN: the bearer token /metrics requires from a scraper on another host (Prometheus).
  secretKeys: [
    'DATABASE_URL',
    'JWT_SECRET',
    // Keys being rotated out, still accepted (may be empty): see RUNBOOKS.md "Rotate JWT_SECRET".
    'JWT_PREVIOUS_SECRETS',
    'DLQ_ENCRYPTION_KEY',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
    'METRICS_TOKEN',
  ],
  /** The public entry: an Ingress (TLS ended there) in front of the gateway. */
  ingress: {
    className: 'nginx',
    host: 'verity.example.com',
    tlsSecret: 'verity-tls',
    from: [namespaceNamed('ingress-nginx')],
  },
  /** Prometheus pods allowed to scrape /metrics (and the label its Operator selects monitors and rules by). */
  prometheus: {
    from: [
      {
        ...namespaceNamed('monitoring'),
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      },
    ],
    ruleLabels: { release: 'prometheus' },
  },
  /** Where the services may connect to (NetworkPolicy egress), besides DNS and each other. */
  egress: {
    kafka: { to: [namespaceNamed('kafka')], ports: [9092] },
    postgres: { to: [namespaceNamed('postgres')], ports: [5432] },
    s3: { to: [publicInternet], ports: [443] },
    traces: { to: [namespaceNamed('observability')], ports: [9411, 4317, 4318] },
  },
  /** Cluster DNS (kube-dns / CoreDNS). */
  dns: {
    to: [
      { ...namespaceNamed('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
    ],
  },
};

module.exports = { SITE };
