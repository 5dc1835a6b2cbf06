// NetworkPolicies: nothing in or out of the namespace unless listed. Only the gateway takes
// traffic from outside (the ingress controller); the gateway reaches the services; every pod
// reaches DNS and the dependencies (Kafka, Postgres, S3, trace backend); Prometheus scrapes /metrics.
const { SITE } = require('./site.cjs');
const { PART_OF } = require('./workloads.cjs');

const HTTP = 3000;
const tcp = (port) => ({ protocol: 'TCP', port });
const verityPods = { matchLabels: PART_OF };
const podsNamed = (name) => ({ matchLabels: { 'app.kubernetes.io/name': name } });

function policy(name, spec) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: SITE.namespace, labels: PART_OF },
    spec,
  };
}

function networkPolicies() {
  const deps = Object.values(SITE.egress);
  return [
    // Selects every pod, allows nothing: what is not allowed below is denied, both ways.
    policy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: SITE.dns.to, ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] }],
    }),
    policy('allow-dependencies', {
      podSelector: verityPods,
      policyTypes: ['Egress'],
      egress: deps.map((d) => ({ to: d.to, ports: d.ports.map(tcp) })),
    }),
    policy('allow-ingress-to-gateway', {
      podSelector: podsNamed('gateway'),
      policyTypes: ['Ingress'],
      ingress: [{ from: SITE.ingress.from, ports: [tcp(HTTP)] }],
    }),
    policy('allow-gateway-to-services', {
      podSelector: podsNamed('gateway'),
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: verityPods }], ports: [tcp(HTTP)] }],
    }),
    policy('allow-services-from-gateway', {
      podSelector: verityPods,
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: podsNamed('gateway') }], ports: [tcp(HTTP)] }],
    }),
    policy('allow-prometheus-scrape', {
      podSelector: verityPods,
      policyTypes: ['Ingress'],
      ingress: [{ from: SITE.prometheus.from, ports: [tcp(HTTP)] }],
    }),
  ];
}

module.exports = { networkPolicies };
