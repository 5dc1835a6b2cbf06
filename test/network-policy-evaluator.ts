// A small evaluator of Kubernetes NetworkPolicy semantics, for testing the generated policies by
// what they allow rather than by their shape: a connection is allowed when the source's egress
// and the destination's ingress both allow it (a side outside the policies' namespace is not
// restricted by them). Supports what the manifests use: matchLabels selectors, namespace and pod
// selectors, IPv4 ipBlocks, numeric ports; anything else throws, so a new construct is noticed.

export type Endpoint =
  { pod: { namespace: string; labels: Record<string, string> } } | { ip: string };

interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}
interface Rule {
  to?: Peer[];
  from?: Peer[];
  ports?: { protocol?: string; port?: number | string }[];
}
export interface NetworkPolicy {
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: Selector;
    policyTypes: ('Ingress' | 'Egress')[];
    ingress?: Rule[];
    egress?: Rule[];
  };
}

function matches(selector: Selector, labels: Record<string, string>): boolean {
  if (selector.matchExpressions?.length)
    throw new Error('matchExpressions are not supported by this evaluator');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function ipv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255)))
    throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((n, p) => n * 256 + p, 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
}

const namespaceLabels = (namespace: string) => ({ 'kubernetes.io/metadata.name': namespace });

function peerMatches(peer: Peer, policyNamespace: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    if (!('ip' in other)) return false; // pod IPs are not modelled: pods are matched by selectors
    return (
      inCidr(other.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c))
    );
  }
  if (!('pod' in other)) return false;
  const { namespace, labels } = other.pod;
  const nsOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, namespaceLabels(namespace))
    : namespace === policyNamespace;
  const podOk = peer.podSelector ? matches(peer.podSelector, labels) : true;
  return nsOk && podOk;
}

function ruleAllows(
  rule: Rule,
  peers: Peer[] | undefined,
  policyNamespace: string,
  other: Endpoint,
  protocol: string,
  port: number,
): boolean {
  const peerOk =
    !peers || peers.length === 0 || peers.some((p) => peerMatches(p, policyNamespace, other));
  const portOk =
    !rule.ports ||
    rule.ports.length === 0 ||
    rule.ports.some(
      (p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || p.port === port),
    );
  if (rule.ports?.some((p) => typeof p.port === 'string'))
    throw new Error('named ports are not supported by this evaluator');
  return peerOk && portOk;
}

function sideAllows(
  policies: NetworkPolicy[],
  self: Endpoint,
  other: Endpoint,
  direction: 'Ingress' | 'Egress',
  protocol: string,
  port: number,
): boolean {
  if (!('pod' in self)) return true;
  const selecting = policies.filter(
    (p) =>
      p.metadata.namespace === self.pod.namespace &&
      matches(p.spec.podSelector, self.pod.labels) &&
      p.spec.policyTypes.includes(direction),
  );
  if (selecting.length === 0) return true; // not isolated in this direction
  return selecting.some((p) =>
    (direction === 'Egress' ? p.spec.egress : p.spec.ingress)?.some((r) =>
      ruleAllows(
        r,
        direction === 'Egress' ? r.to : r.from,
        p.metadata.namespace,
        other,
        protocol,
        port,
      ),
    ),
  );
}

/** Whether `from` may open a connection to `to` on `protocol`/`port` under `policies`. */
export function allowed(
  policies: NetworkPolicy[],
  from: Endpoint,
  to: Endpoint,
  port: number,
  protocol = 'TCP',
): boolean {
  return (
    sideAllows(policies, from, to, 'Egress', protocol, port) &&
    sideAllows(policies, to, from, 'Ingress', protocol, port)
  );
}
