import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../src';
import { type Call, harness, refused } from './fake-gateway';

// `verity release …` (sha256 of every file against the manifest) and `verity status`.

const env = { VERITY_TOKEN: 'tok' };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const labels = Buffer.from('{"item_id":"i1","label":"spam"}\n');
const parquet = Buffer.from('PAR1 not really PAR1');
const manifestBytes = Buffer.from('{"release_id":"r1"}');
const record = (labelsSha = sha(labels)) => ({
  releaseId: 'r1',
  name: 'first',
  projectId: 'p1',
  createdAt: '2026-01-01T00:00:00.000Z',
  labelCount: 1,
  manifest: { key: 'releases/p1/r1/manifest.json', sha256: sha(manifestBytes), size: manifestBytes.length },
  manifestContent: {
    files: [
      { key: 'releases/p1/r1/labels.jsonl', sha256: labelsSha, size: labels.length, format: 'jsonl' },
      { key: 'releases/p1/r1/labels.parquet', sha256: sha(parquet), size: parquet.length, format: 'parquet' },
    ],
  },
});
const files: Record<string, Buffer> = { 'manifest.json': manifestBytes, 'labels.jsonl': labels, 'labels.parquet': parquet };
const releaseGateway = (rec = record()) => (c: Call) => {
  if (c.path === '/v1/projects/p1/releases/r1') return { status: 200, body: rec };
  const m = /\/files\/(.+)$/.exec(c.path);
  if (m) return { status: 200, bytes: files[m[1]] };
  return { status: 404, body: { message: 'not found' } };
};
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'verity-rel-'));

describe('verity release', () => {
  it('creates a release with a selection and prints its id', async () => {
    const h = harness(() => ({ status: 201, body: { releaseId: 'r9', label_count: 12, location: 's3://b/releases/p1/r9/' } }), env);
    expect(await h.run('release', 'create', 'p1', '--name', 'weekly', '--question', 'toxic', '--question', 'spam', '--parent', 'r8')).toBe(EXIT.ok);
    expect(h.calls[0]).toMatchObject({ method: 'POST', path: '/v1/projects/p1/releases' });
    expect(JSON.parse(h.calls[0].body!)).toEqual({ name: 'weekly', parentReleaseId: 'r8', selection: { questionIds: ['toxic', 'spam'] } });
    expect(h.stdout()).toBe('created release r9: 12 labels at s3://b/releases/p1/r9/\n');
  });

  it('lists releases newest first as a table, or JSON', async () => {
    const releases = [{ releaseId: 'r2', name: 'b', createdAt: '2026-01-02T00:00:00.000Z', labelCount: 5, parentReleaseId: 'r1', erasedItemCount: 0 }];
    const h = harness(() => ({ status: 200, body: { releases } }), env);
    expect(await h.run('release', 'list', 'p1', '--limit', '5')).toBe(EXIT.ok);
    expect(h.calls[0].path).toBe('/v1/projects/p1/releases?limit=5');
    expect(h.stdout()).toMatch(/^release\s+created\s+labels\s+name\s+parent\nr2\s+2026-01-02T00:00:00.000Z\s+5\s+b\s+r1\n$/);
    const j = harness(() => ({ status: 200, body: { releases } }), env);
    expect(await j.run('release', 'list', 'p1', '--json')).toBe(EXIT.ok);
    expect(JSON.parse(j.stdout())).toEqual({ releases });
  });

  it('downloads every file, checked, and verify then passes; a changed file fails naming it (exit 7)', async () => {
    const dir = tmp();
    const h = harness(releaseGateway(), env);
    expect(await h.run('release', 'download', 'p1', 'r1', '--dir', dir)).toBe(EXIT.ok);
    expect(h.calls.map((c) => c.path)).toEqual(['/v1/projects/p1/releases/r1', ...['manifest.json', 'labels.jsonl', 'labels.parquet'].map((n) => `/v1/projects/p1/releases/r1/files/${n}`)]);
    expect(fs.readFileSync(path.join(dir, 'labels.jsonl'))).toEqual(labels);
    expect(await h.run('release', 'verify', 'p1', 'r1', '--dir', dir)).toBe(EXIT.ok);
    expect(h.stdout()).toContain('ok        labels.parquet');

    fs.appendFileSync(path.join(dir, 'labels.jsonl'), '{"item_id":"forged"}\n');
    fs.rmSync(path.join(dir, 'labels.parquet'));
    const v = harness(releaseGateway(), env);
    expect(await v.run('release', 'verify', 'p1', 'r1', '--dir', dir)).toBe(EXIT.mismatch);
    expect(v.stdout()).toContain(`MISMATCH  labels.jsonl: sha256 `);
    expect(v.stdout()).toContain(`the manifest says ${sha(labels)}`);
    expect(v.stdout()).toContain('MISMATCH  labels.parquet: missing (ENOENT)');
    expect(v.stderr()).toContain(`${path.join(dir, 'labels.jsonl')}, ${path.join(dir, 'labels.parquet')} do not match the manifest of release r1`);
  });

  it('stops a download at a file whose bytes do not match, naming it (exit 7)', async () => {
    const dir = tmp();
    const h = harness(releaseGateway(record('0'.repeat(64))), env);
    expect(await h.run('release', 'download', 'p1', 'r1', '--dir', dir)).toBe(EXIT.mismatch);
    expect(h.stderr()).toContain(`labels.jsonl: sha256 ${sha(labels)} (${labels.length} bytes), the manifest says ${'0'.repeat(64)}`);
    expect(fs.existsSync(path.join(dir, 'labels.jsonl'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'labels.jsonl.mismatch'))).toBe(true);
  });

  it('asks the platform to verify in storage with --remote', async () => {
    const answer = { ok: false, files: [{ key: 'releases/p1/r1/labels.jsonl', ok: false, expectedSha256: 'a', actualSha256: 'b' }] };
    const h = harness(() => ({ status: 200, body: answer }), env);
    expect(await h.run('release', 'verify', 'p1', 'r1', '--remote')).toBe(EXIT.mismatch);
    expect(h.calls[0]).toMatchObject({ method: 'POST', path: '/v1/projects/p1/releases/r1/verify' });
    expect(h.stderr()).toContain('does not match its manifest in storage: releases/p1/r1/labels.jsonl');
  });

  it.each([
    [['release'], 'release needs a subcommand', EXIT.usage],
    [['release', 'list'], 'release list needs a project id', EXIT.usage],
    [['release', 'download', 'p1'], 'release download needs a release id', EXIT.usage],
    [['release', 'list', 'p1', '--dir', 'x'], '--dir does not apply to "release list"', EXIT.usage],
    [['release', 'list', 'p1', 'extra'], 'unexpected argument "extra"', EXIT.usage],
  ])('refuses %j', async (argv, message, code) => {
    const h = harness(() => ({ status: 200, body: {} }), env);
    expect(await h.run(...argv)).toBe(code);
    expect(h.stderr()).toContain(message);
    expect(h.calls).toEqual([]);
  });

  it('exits 6 for an unknown release and 3 when the gateway is down', async () => {
    const h = harness(() => ({ status: 404, body: { message: 'release r1 not found in project p1' } }), env);
    expect(await h.run('release', 'download', 'p1', 'r1', '--dir', tmp())).toBe(EXIT.notFound);
    expect(h.stderr()).toContain('release r1 not found in project p1');
    const down = harness(() => refused(), env);
    expect(await down.run('release', 'list', 'p1')).toBe(EXIT.unreachable);
  });
});

describe('verity status', () => {
  const progress = {
    totals: { itemsIn: 120, tasks: { open: 30, leased: 2, done: 88, void: 0 }, labelsOut: 40, answers: 88 },
    queueDepth: 30,
    etaSeconds: 1920,
    answersPerHour: 60,
    unavailable: [],
  };
  const cost = {
    currency: 'USD',
    perSource: [
      { source: 'human', labels: 30, cost: 12, costPerLabel: 0.4 },
      { source: 'llm', labels: 10, cost: 0.05, costPerLabel: 0.005 },
      { source: 'expert', labels: 0, cost: 0, costPerLabel: null },
    ],
    total: { labels: 40, cost: 12.05, costPerLabel: 0.30125 },
  };
  const quality = {
    windowMs: 86400000,
    windows: [
      {
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-02T00:00:00.000Z',
        answers: 88,
        questions: [{ questionId: 'toxic', ontologyVersion: 1, answers: 88, annotators: 4, pairwiseAgreement: { value: 0.8123 }, fleissKappa: { value: 0.61 }, krippendorffAlpha: { value: null, reason: 'one class' } }],
      },
    ],
  };
  const project = { id: 'p1', name: 'Toxicity', currentOntologyVersion: 2, archived: false };

  it('shows progress, ETA, agreement and cost', async () => {
    const h = harness((c) => {
      if (c.path === '/v1/projects/p1') return { status: 200, body: project };
      if (c.path.endsWith('/dashboard/progress')) return { status: 200, body: progress };
      if (c.path.endsWith('/dashboard/cost')) return { status: 200, body: cost };
      return { status: 200, body: quality };
    }, env);
    expect(await h.run('status', 'p1')).toBe(EXIT.ok);
    expect(h.stdout()).toBe(
      [
        'project   Toxicity (p1), ontology version 2',
        'progress  120 items in; slots open 30, leased 2, done 88 (73% of answer slots done); 88 answers; 40 labels out',
        'eta       32m (60.0 answers/h)',
        'agreement 2026-01-01T00:00:00.000Z – 2026-01-02T00:00:00.000Z, 88 answers',
        '          toxic (v1): pairwise 0.812, Fleiss κ 0.610, Krippendorff α undefined (one class); 4 annotators',
        'cost      12.05 USD for 40 labels, 0.3013 USD per label',
        '          human: 12.00 USD, 30 labels',
        '          llm: 0.0500 USD, 10 labels',
        '',
      ].join('\n'),
    );
  });

  it('shows a part the caller may not see as unavailable, and --json gives every part', async () => {
    const h = harness((c) => {
      if (c.path === '/v1/projects/p1') return { status: 200, body: project };
      if (c.path.endsWith('/dashboard/progress')) return { status: 200, body: progress };
      if (c.path.endsWith('/dashboard/cost')) return { status: 403, body: { message: 'project managers only' } };
      return { status: 502, body: { message: 'quality service did not answer' } };
    }, env);
    expect(await h.run('status', 'p1')).toBe(EXIT.ok);
    expect(h.stdout()).toContain('cost      unavailable: cost: 403 project managers only');
    expect(h.stdout()).toContain('agreement unavailable: agreement: 502 quality service did not answer');
    const j = harness((c) => (c.path === '/v1/projects/p1' ? { status: 200, body: project } : { status: 200, body: c.path.includes('progress') ? progress : c.path.includes('cost') ? cost : quality }), env);
    expect(await j.run('status', 'p1', '--json')).toBe(EXIT.ok);
    expect(JSON.parse(j.stdout())).toEqual({ project, progress: { ok: true, value: progress }, cost: { ok: true, value: cost }, quality: { ok: true, value: quality } });
  });

  it('exits 6 for a project the caller cannot see, 4 for a bad token, 3 when the gateway is down, 2 without a project', async () => {
    expect(await harness(() => ({ status: 404, body: { message: 'project not found' } }), env).run('status', 'p1')).toBe(EXIT.notFound);
    expect(await harness(() => ({ status: 401, body: { message: 'invalid token' } }), env).run('status', 'p1')).toBe(EXIT.auth);
    expect(await harness(() => refused(), env).run('status', 'p1')).toBe(EXIT.unreachable);
    expect(await harness(() => refused(), env).run('status')).toBe(EXIT.usage);
  });
});
