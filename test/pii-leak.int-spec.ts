import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { signServiceToken } from '@verity/auth';
import { decodeEvent, TOPICS } from '@verity/contracts';
import { createKafka, TopicTap } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { ObjectStore } from '@verity/storage';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// Issue 12: personal data stays masked everywhere it can leak. Synthetic PII of every kind the
// masker knows goes in through the gateway, in the text and in the metadata (source id and tags
// are identifiers, not masked by design), of a project that keeps unmasked originals, and in a
// gold item. None of it reaches, in clear: the annotators' and the expert's views, items.v1,
// labels.v1, a release's files, the gold store, or a log line of the services. A release names
// the originals only when asked (includeRaw) by a role the project grants raw access, checked at
// the gateway and again in export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

const run = uniqueName('pii');
const source = `src-${run}`;
const password = 'correct horse battery staple';

const PII = {
  email: 'leak.jane.q@example.org',
  phone: '+44 20 7946 0958',
  url: 'https://api.example.com/v1/me?access_token=sk_leak_7f3a9c',
  ip: '203.0.113.77',
  card: '4111 1111 1111 1111',
  iban: 'DE89 3704 0044 0532 0130 00',
  ssn: '219-09-9999',
  handle: '@leaky_jane_q',
};
/** Fragments that would give a value away even if it were cut or re-spaced. */
const NEEDLES = [...Object.values(PII), 'leak.jane.q', 'sk_leak_7f3a9c', '7946 0958', '4111111111111111', 'DE89370400440532013000', '0532 0130', 'leaky_jane_q'];
const TEXT = `Hi, I'm ${PII.handle}. Mail ${PII.email} or call ${PII.phone}. My link ${PII.url} from ${PII.ip}. Card ${PII.card}, IBAN ${PII.iban}, SSN ${PII.ssn}. Great video, subscribe!`;

interface Started {
  name: string;
  url: string;
  log: string;
}

/** The needles found in a text (none, for a clean one). */
const leaks = (text: string) => NEEDLES.filter((n) => text.includes(n));

describe('PII stays masked (real processes, real stack)', () => {
  const env = stackEnv();
  let services: Started[] = [];
  let gateway: string;
  const logStart = new Map<string, number>();

  beforeAll(async () => {
    if (Number(process.versions.node.split('.')[0]) !== 22) throw new Error(`run this test on Node 22, not ${process.version}`);
    const names = ['gateway', 'ingestion', 'decomposition', 'assignment', 'quality', 'adjudication', 'export'];
    const logs = path.resolve(__dirname, '..', process.env.VERITY_LOCAL_DIR || '.local', 'logs');
    // Only what this run writes is read: each log from its size before the start.
    for (const n of names) logStart.set(n, fs.existsSync(path.join(logs, `${n}.pii-leak.log`)) ? fs.statSync(path.join(logs, `${n}.pii-leak.log`)).size : 0);
    services = startServices({ names, basePort: 20700, logSuffix: '.pii-leak', env: { UPSTREAM_TIMEOUT_MS: '60000', ASSIGNMENT_TASK_SOURCE: 'tasks' } });
    await waitReady(services, 240000);
    gateway = services.find((s) => s.name === 'gateway')!.url;
  }, 300000);

  afterAll(async () => {
    await stopServices(services);
  }, 60000);

  it('masks text, metadata and gold for annotators, experts, topics, releases and logs; raw references only on request', async () => {
    const admin = await VerityClient.signIn(gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
    const spec = [
      ['pm', ['project_manager']],
      ['a1', ['annotator']],
      ['a2', ['annotator']],
      ['qa', ['quality_analyst']],
    ] as const;
    const [pmUser, a1, a2, qaUser] = await Promise.all(
      spec.map(([n, roles]) => admin.createUser({ email: `${n}-${run}@pii.verity`, displayName: n, password, roles: [...roles] })),
    );
    const pm = await VerityClient.signIn(gateway, pmUser.email, password);
    const project = await pm.createProject({
      name: `PII ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: 2, agreementThreshold: 0.9, honeypotRate: 0, leaseSeconds: 600, keepUnmaskedOriginal: true },
    });
    for (const a of [a1, a2]) await pm.setMember(project.id, a.id, { roles: ['annotator'], languages: ['en'] });
    await pm.setMember(project.id, qaUser.id, { roles: ['quality_analyst'], languages: ['en'] });
    const question = { id: 'spam', type: 'single_choice', prompt: 'Is this spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] };
    const draft = await pm.createOntologyDraft(project.id, { guidelines: { text: 'Spam asks for clicks.', examples: [] }, questions: [question] });
    await pm.publishOntology(project.id, draft.version);

    // Gold: stored (and so served as a honeypot) masked.
    const gold = await pm.raw('POST', `/v1/projects/${project.id}/gold`, {
      ontologyVersion: draft.version,
      question,
      content: { type: 'text', text: `Gold: ${TEXT}` },
      language: 'en',
      expectedAnswer: { choice: { optionIds: ['spam'] } },
    });
    expect(gold.status).toBe(201);
    expect(leaks(JSON.stringify(gold.body))).toEqual([]);
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      const [stored] = (await db.query(`SELECT masked_text, expected_answer FROM assignment.gold_items WHERE gold_id = $1`, [(gold.body as { goldId: string }).goldId])).rows;
      expect(stored.masked_text).toContain('[EMAIL]');
      expect(leaks(JSON.stringify(stored))).toEqual([]);
    } finally {
      await db.end();
    }

    const kafka = createKafka({ brokers: env.brokers, clientId: `pii-${run}` });
    const items = await new TopicTap(kafka, TOPICS.items.name).start();
    const labels = await new TopicTap(kafka, TOPICS.labels.name).start();
    try {
      await admin.postContent({
        source,
        sourceId: 'comment-1',
        contentType: 'text',
        text: TEXT,
        language: 'en',
        metadata: { title: `Video by ${PII.handle}`, author_email: PII.email, channel_url: PII.url },
      });

      // Annotators see the masked text only; they disagree, so the expert sees it too.
      const clients = await Promise.all([a1, a2].map((a) => VerityClient.signIn(gateway, a.email, password)));
      const tasks = await Promise.all(
        clients.map((c, i) => eventually(`a task for annotator ${i + 1}`, () => c.nextTask(project.id).then((t) => t ?? undefined), 120000, 1000)),
      );
      for (const t of tasks) {
        expect(t.content.text).toContain('[CARD]');
        expect(leaks(JSON.stringify(t))).toEqual([]);
      }
      await clients[0].submit(tasks[0].taskId, tasks[0].leaseId, { choice: { optionIds: ['spam'] } }, 1000);
      await clients[1].submit(tasks[1].taskId, tasks[1].leaseId, { choice: { optionIds: ['ham'] } }, 1000);
      const qa = await VerityClient.signIn(gateway, qaUser.email, password);
      const view = await eventually(
        'the expert view with the text',
        async () => {
          const r = await qa.raw('POST', `/v1/projects/${project.id}/adjudications/next`);
          const v = r.body as { requestId?: string; content?: { maskedText: string | null } } | null;
          return r.status === 200 && v?.content?.maskedText ? (v as { requestId: string; content: { maskedText: string } }) : undefined;
        },
        120000,
        1000,
      );
      expect(view.content.maskedText).toContain('[IBAN]');
      expect(leaks(JSON.stringify(view))).toEqual([]);
      const verdict = await qa.raw('POST', `/v1/adjudications/${view.requestId}/verdict`, { label: 'spam', confidence: 0.9, note: 'asks for clicks' });
      expect(verdict.status).toBe(201);

      // items.v1 and labels.v1: masked text and metadata; the content reference is the masked copy.
      // (Filtered by matched project: on a shared stack, other tests' catch-all projects match too.)
      const itemRecord = await eventually('the items.v1 record', () =>
        items.records.find((r) => decodeEvent(TOPICS.items, r.value).matchedProjectIds.includes(project.id)),
      );
      const item = decodeEvent(TOPICS.items, itemRecord.value);
      expect(item.metadata).toEqual({ title: 'Video by [HANDLE]', author_email: '[EMAIL]', channel_url: '[URL]' });
      expect(item.content?.payload).toBeUndefined();
      // The original is kept only when every matched project allows it (the strictest policy wins).
      const originalKey = item.originalRef?.key;
      const label = await eventually('the labels.v1 record', () =>
        labels.records.find((r) => decodeEvent(TOPICS.labels, r.value).envelope?.projectId === project.id),
      );
      const labelEvent = decodeEvent(TOPICS.labels, label.value);
      expect(labelEvent.content?.payload).toBeUndefined();
      expect(labelEvent.content?.originalPayload).toBeUndefined();
      for (const r of [itemRecord, label]) expect(leaks(r.value.toString('latin1'))).toEqual([]);
      if (originalKey) expect(label.value.toString('latin1')).not.toContain(originalKey);

      // A release: no PII and no reference to the original, in any of its files.
      const store = new ObjectStore(env.s3);
      const filesOf = async (body: unknown) => {
        const rel = body as { files: { key: string; sha256: string }[]; manifest: { key: string; sha256: string } };
        return Promise.all([...rel.files, rel.manifest].map(async (f) => (await store.get(f.key, { expectedSha256: f.sha256 })).body.toString('latin1')));
      };
      const plain = await pm.raw('POST', `/v1/projects/${project.id}/releases`, { name: `pii-${run}` });
      expect(plain.status).toBe(201);
      for (const f of await filesOf(plain.body)) {
        expect(leaks(f)).toEqual([]);
        expect(f).not.toContain('original_payload');
        if (originalKey) expect(f).not.toContain(originalKey);
      }

      // Raw references: nobody by default, at the gateway and in export (defence in depth).
      const denied = await pm.raw('POST', `/v1/projects/${project.id}/releases`, { includeRaw: true });
      expect(denied.status).toBe(403);
      expect((denied.body as { message: string }).message).toMatch(/includeRaw/);
      const exportUrl = services.find((s) => s.name === 'export')!.url;
      const direct = () =>
        fetch(`${exportUrl}/v1/projects/${project.id}/releases`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${signServiceToken({ kind: 'user', id: pmUser.id, roles: ['project_manager'] }, 'export', process.env.JWT_SECRET!)}`,
          },
          body: JSON.stringify({ includeRaw: true }),
        });
      expect((await direct()).status).toBe(403);

      const bad = await pm.raw('PATCH', `/v1/projects/${project.id}`, { policy: { rawAccessRoles: ['annotator'] } });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/rawAccessRoles/);
      const granted = await pm.raw('PATCH', `/v1/projects/${project.id}`, { policy: { rawAccessRoles: ['project_manager'] } });
      expect(granted.status).toBe(200);
      const raw = await eventually(
        'a raw release once export has the policy',
        async () => {
          const r = await pm.raw('POST', `/v1/projects/${project.id}/releases`, { includeRaw: true });
          if (r.status !== 403) return r;
          return undefined;
        },
        60000,
        1000,
      );
      expect(raw.status).toBe(201);
      expect((raw.body as { selection: { include_raw?: boolean } }).selection.include_raw).toBe(true);
      const [jsonl] = await filesOf(raw.body);
      const row = JSON.parse(jsonl.trim().split('\n')[0]);
      expect(row.content.payload).toBeUndefined();
      expect(leaks(jsonl)).toEqual([]); // a reference, not the data
      // services/export/test/raw-release.int-spec.ts covers a kept original deterministically.
      if (originalKey) {
        expect(row.content.original_payload).toMatchObject({ key: originalKey, sha256: item.originalRef!.sha256 });
        expect((await store.get(originalKey)).body.toString('utf8')).toBe(TEXT);
      } else {
        expect(row.content.original_payload).toBeUndefined();
      }
    } finally {
      await items.stop();
      await labels.stop();
    }

    // No log line of any service of this run holds the data in clear.
    for (const s of services) {
      const text = fs.readFileSync(s.log).subarray(logStart.get(s.name) ?? 0).toString('utf8');
      expect({ service: s.name, leaks: leaks(text) }).toEqual({ service: s.name, leaks: [] });
    }
  }, 600000);
});
