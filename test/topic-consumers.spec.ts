import fs from 'node:fs';
import path from 'node:path';
import { TOPICS } from '@verity/contracts';

// The topic specs in libs/contracts and the topic table in proto/README.md say who consumes each
// topic; this keeps both true to the code, which is where a service actually subscribes.
const root = path.resolve(__dirname, '..');
const SUBSCRIBE = /(?:subscribe(?:Batch)?|@OnTopic(?:Batch)?)\(\s*TOPICS\.(\w+)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

/**
 * Consumers a service gets from a shared library: the call in the service's code, and the library
 * file whose subscriptions it brings.
 */
const FROM_LIBS = [
  { call: /\bProductionFeedbackHandler\b/, file: 'libs/service-runtime/src/weak-labels/production-feedback.handler.ts' },
  { call: /\bProjectSnapshotsConsumer\b/, file: 'libs/service-runtime/src/project-snapshots/project-snapshots.consumer.ts' },
  { call: /\bItemErasuresConsumer\b/, file: 'libs/service-runtime/src/erasures/item-erasures.consumer.ts' },
];

function subscriptionsInCode(): Map<string, Set<string>> {
  const byTopic = new Map<string, Set<string>>();
  const libTopics = FROM_LIBS.map((l) => ({ ...l, topics: [...fs.readFileSync(path.join(root, l.file), 'utf8').matchAll(SUBSCRIBE)].map((m) => m[1]) }));
  for (const l of libTopics) if (l.topics.length === 0) throw new Error(`${l.file} subscribes to nothing: FROM_LIBS is out of date`);
  for (const service of fs.readdirSync(path.join(root, 'services'))) {
    const src = path.join(root, 'services', service, 'src');
    if (!fs.existsSync(src)) continue;
    for (const file of sourceFiles(src)) {
      const text = fs.readFileSync(file, 'utf8');
      const keys = [...[...text.matchAll(SUBSCRIBE)].map((m) => m[1]), ...libTopics.filter((l) => l.call.test(text)).flatMap((l) => l.topics)];
      for (const key of keys) {
        const topic = (TOPICS as Record<string, { name: string }>)[key];
        if (!topic) throw new Error(`${path.relative(root, file)} subscribes to unknown TOPICS.${key}`);
        if (!byTopic.has(topic.name)) byTopic.set(topic.name, new Set());
        byTopic.get(topic.name)!.add(service);
      }
    }
  }
  return byTopic;
}

const internal = (consumers: readonly string[]) => consumers.filter((c) => !c.includes('(external)'));

describe('topic consumers', () => {
  const inCode = subscriptionsInCode();
  const specs = Object.values(TOPICS) as { name: string; consumers: readonly string[] }[];

  it('finds subscriptions in the services (the scan itself works)', () => {
    expect(inCode.get('annotations.v1')).toContain('quality');
    expect(inCode.get('content.v1')).toContain('ingestion');
  });

  it.each(specs.map((s) => [s.name, s] as const))('%s lists exactly the services that subscribe to it', (name, spec) => {
    expect([...internal(spec.consumers)].sort()).toEqual([...(inCode.get(name) ?? [])].sort());
  });

  it('proto/README.md shows the same consumers as the topic specs', () => {
    const readme = fs.readFileSync(path.join(root, 'proto/README.md'), 'utf8');
    for (const spec of specs) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${spec.name}\` |`));
      expect(row).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      const consumersCell = cells[cells.length - 2];
      const listed = consumersCell.split(',').map((c) => c.trim().replace(/ \(.*\)$/, '')).filter((c) => c && !c.startsWith('training jobs'));
      expect({ topic: spec.name, consumers: listed.sort() }).toEqual({ topic: spec.name, consumers: [...internal(spec.consumers)].sort() });
    }
  });
});
