import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { toBinary } from '@bufbuild/protobuf';
import { DataSource } from 'typeorm';
import { Role, signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { LabelEventSchema, LabelStatus } from '@verity/contracts';
import { DATA_SOURCE, connectEventHandlers } from '@verity/service-runtime';
import { parseCsv } from '@verity/csv';
import { EventProducer } from '@verity/messaging';
import { type ProjectRoleName, publishProjectMembers, stackEnv, uniqueName, untilProjectAccess } from '@verity/testing';
import { ExportModule } from '../src/export.module';
import { exportConfigShape } from '../src/export.settings';
import { labelEventFrom } from '../src/events/label-event.factory';
import { parse as parseYaml } from 'yaml';
import { readParquet } from '../src/adapters/parquet/parquet-file.writer';
import { releaseLine, releaseRowOf } from '../src/domain/release-row.mapper';
import { sampleDecision } from './support/decisions';

// Export in-process on the real stack (Postgres, S3Proxy): release files downloaded through the
// API (whole and ranged, compared with the manifest's sha256 and sizes; only the release's own
// files), and diffs between releases after labels were added, changed and excluded.
describe('release downloads and diffs on the real stack', () => {
  stackEnv();
  const run = uniqueName('rdd');
  const secret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  // Export takes the gateway's tokens for it, and checks the caller's membership of the project.
  const token = (roles: Role[]) => signServiceToken({ kind: 'user', id: `${roles[0]}-it`, roles }, 'export', secret, { ttlSeconds: 3600 });
  const pm = token(['project_manager']);
  let app: INestApplication;
  let base: string;
  let ds: DataSource;

  const http = async (method: string, path: string, body?: unknown, tok = pm) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(tok ? { authorization: `Bearer ${tok}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const download = (path: string, headers: Record<string, string> = {}, tok = pm) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tok}`, ...headers } });
  const bytesOf = async (r: Response) => Buffer.from(await r.arrayBuffer());
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  /** Records label versions as the decision path does (a real LabelEvent and its release line), straight into the table. */
  const record = async (projectId: string, versions: { item: string; question?: string; version: number; label: string; excluded?: boolean; at: Date }[]) => {
    const rows = versions.map((v) => {
      const d = sampleDecision(`${run}-${v.item}`, v.question ?? 'q1', v.label, v.at);
      d.envelope!.projectId = projectId;
      const e = labelEventFrom(d, { labelVersion: v.version, recordedAt: v.at });
      if (v.excluded) e.status = LabelStatus.EXCLUDED;
      return { e, line: releaseLine(releaseRowOf(e)), bytes: Buffer.from(toBinary(LabelEventSchema, e)) };
    });
    await ds.query(
      `INSERT INTO export.label_versions (item_id, question_id, label_version, project_id, status, label, soft_label, confidence,
         ontology_version, adjudicated, gold, content_digest, provenance, label_event_id, label_event, release_row,
         decision_event_id, decision_id, content_event_id, correlation_id, decided_at)
       SELECT i, q, v, $1, s, l, '{}'::jsonb, 0.75, 1, false, false, repeat('0', 64), '{}'::jsonb, e, b, r,
              'dec-' || e, 'd-' || e, 'content-evt-1', 'content-evt-1', t
       FROM unnest($2::text[], $3::text[], $4::int[], $5::smallint[], $6::text[], $7::text[], $8::bytea[], $9::text[], $10::timestamptz[])
         AS x(i, q, v, s, l, e, b, r, t)`,
      [
        projectId,
        rows.map((r) => r.e.itemId),
        rows.map((r) => r.e.questionId),
        rows.map((r) => r.e.labelVersion),
        rows.map((r) => r.e.status),
        rows.map((r) => r.e.label),
        rows.map((r) => r.e.envelope!.eventId),
        rows.map((r) => r.bytes),
        rows.map((r) => r.line),
        versions.map((v) => v.at),
      ],
    );
  };

  const projectId = `${run}-p`;
  const other = `${run}-other`;
  const t0 = new Date(Date.now() - 120_000);
  const t1 = new Date(Date.now() - 60_000);
  const at = (d: Date, s: number) => new Date(d.getTime() + s * 1000);
  const releases: Record<string, { releaseId: string; name: string; files: { key: string; format: string; media_type: string; sha256: string; size: number; record_count: number }[]; manifest: { key: string; sha256: string; size: number } }> = {};
  const id = (item: string) => `${run}-${item}`;

  beforeAll(async () => {
    const config = loadConfig('export', exportConfigShape, { ...process.env, JWT_SECRET: secret });
    app = await NestFactory.create(ExportModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    ds = app.get(DATA_SOURCE);
    const members: Record<string, ProjectRoleName[]> = { 'project_manager-it': ['project_manager'], 'quality_analyst-it': ['quality_analyst'], 'annotator-it': ['annotator'] };
    for (const p of [projectId, other]) await publishProjectMembers(app.get(EventProducer), p, members);
    for (const p of [projectId, other]) await untilProjectAccess(ds, 'export', p);

    // R1: ten labels of q1 and one of q2, all v1.
    await record(projectId, [
      ...Array.from({ length: 10 }, (_, i) => ({ item: `i${String(i).padStart(2, '0')}`, version: 1, label: i % 2 ? 'ok' : 'toxic', at: at(t0, i) })),
      { item: 'i00', question: 'q2', version: 1, label: 'ad', at: at(t0, 20) },
    ]);
    const r1 = await http('POST', `/v1/projects/${projectId}/releases`, { name: `${run} first`, selection: { until: at(t0, 50).toISOString() } });
    expect(r1.status).toBe(201);
    releases.r1 = r1.body;
    // Then: i01 and i02 relabeled (v2), i03 excluded (v2, ontology change), i10, i11 and (i05, q2) added.
    await record(projectId, [
      { item: 'i01', version: 2, label: 'toxic', at: at(t1, 1) },
      { item: 'i02', version: 2, label: 'ok', at: at(t1, 2) },
      { item: 'i03', version: 2, label: 'ok', excluded: true, at: at(t1, 3) },
      { item: 'i10', version: 1, label: 'ok', at: at(t1, 4) },
      { item: 'i11', version: 1, label: 'toxic', at: at(t1, 5) },
      { item: 'i05', question: 'q2', version: 1, label: 'scam', at: at(t1, 6) },
    ]);
    const until = at(t1, 30).toISOString();
    const r2 = await http('POST', `/v1/projects/${projectId}/releases`, { selection: { until }, parentReleaseId: releases.r1.releaseId });
    const r3 = await http('POST', `/v1/projects/${projectId}/releases`, { name: 'avec exclus', selection: { until, includeExcluded: true } });
    expect([r2.status, r3.status]).toEqual([201, 201]);
    releases.r2 = r2.body;
    releases.r3 = r3.body;
    // A release of another project: never reachable under this one.
    await record(other, [{ item: 'o1', version: 1, label: 'ok', at: t0 }]);
    const o = await http('POST', `/v1/projects/${other}/releases`, { selection: { until: at(t0, 50).toISOString() } });
    expect(o.status).toBe(201);
    releases.other = o.body;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const fileUrl = (r: { releaseId: string }, name: string, project = projectId) => `/v1/projects/${project}/releases/${r.releaseId}/files/${name}`;

  describe('downloads', () => {
    it('serves each file of the release, byte for byte what the manifest records, with its type and name', async () => {
      const r1 = releases.r1;
      const expected = [
        ...r1.files.map((f) => ({ name: f.key.split('/').pop()!, sha256: f.sha256, size: f.size, type: f.media_type })),
        { name: 'manifest.json', sha256: r1.manifest.sha256, size: r1.manifest.size, type: 'application/json' },
      ];
      expect(expected.map((f) => [f.name, f.type])).toEqual([
        ['labels.jsonl', 'application/x-ndjson'],
        ['labels.parquet', 'application/vnd.apache.parquet'],
        ['labels.csv', 'text/csv; charset=utf-8; header=present'],
        ['train-00000-of-00001.parquet', 'application/vnd.apache.parquet'],
        ['README.md', 'text/markdown; charset=utf-8'],
        ['manifest.json', 'application/json'],
      ]);
      const got: Record<string, Buffer> = {};
      for (const f of expected) {
        const res = await download(fileUrl(r1, f.name));
        expect(res.status).toBe(200);
        expect({
          type: res.headers.get('content-type'),
          length: res.headers.get('content-length'),
          disposition: res.headers.get('content-disposition'),
          nosniff: res.headers.get('x-content-type-options'),
          cache: res.headers.get('cache-control'),
          ranges: res.headers.get('accept-ranges'),
          etag: res.headers.get('etag'),
        }).toEqual({
          type: f.type,
          length: String(f.size),
          disposition: `attachment; filename="${run}_first-${f.name}"; filename*=UTF-8''${encodeURIComponent(`${run} first-${f.name}`)}`,
          nosniff: 'nosniff',
          cache: 'private, no-store',
          ranges: 'bytes',
          etag: `"${f.sha256}"`,
        });
        got[f.name] = await bytesOf(res);
        expect([sha256(got[f.name]), got[f.name].length]).toEqual([f.sha256, f.size]);
      }
      // What was downloaded is the release: 11 rows in release order, in every format; the manifest lists the data files.
      const lines = got['labels.jsonl'].toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => `${l.item_id}/${l.question_id}`)).toEqual([
        `${id('i00')}/q1`, `${id('i00')}/q2`, ...['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((n) => `${id(`i${n}`)}/q1`),
      ]);
      const parquet = await readParquet(got['labels.parquet']);
      expect(parquet.rows.map((r) => r.label_event_id)).toEqual(lines.map((l) => l.label_event_id));
      // Typed: decided_at a timestamp, the answer a struct (not JSON strings).
      expect(parquet.rows.map((r) => r.decided_at)).toEqual(lines.map((l) => new Date(l.decided_at)));
      expect(parquet.rows.map((r) => (r.answer as { choice: unknown }).choice)).toEqual(lines.map((l) => l.answer.choice));
      // The Hugging Face layout: the same Parquet under data/, and a card that counts the rows.
      expect(got['train-00000-of-00001.parquet'].equals(got['labels.parquet'])).toBe(true);
      const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(got['README.md'].toString('utf8'))![1]);
      expect(front.dataset_info.splits).toEqual([{ name: 'train', num_examples: 11 }]);
      expect(r1.files.map((f) => f.key.slice(f.key.lastIndexOf(r1.releaseId) + r1.releaseId.length + 1))).toContain('data/train-00000-of-00001.parquet');
      const [header, ...csvRows] = parseCsv(got['labels.csv'].toString('utf8'));
      const col = (name: string) => csvRows.map((r) => r[header.indexOf(name)]);
      expect(col('label_event_id')).toEqual(lines.map((l) => l.label_event_id));
      expect(col('label_version')).toEqual(lines.map((l) => String(l.label_version)));
      expect(col('label')).toEqual(lines.map((l) => l.label));
      expect(JSON.parse(got['manifest.json'].toString('utf8')).files).toEqual(r1.files);
      // A release without a name of its own is named by its generated name.
      const r2 = await download(fileUrl(releases.r2, 'labels.jsonl'));
      expect(r2.headers.get('content-disposition')).toBe(`attachment; filename="${releases.r2.name}-labels.jsonl"`);
      await r2.arrayBuffer();
    });

    it('serves byte ranges (206) and answers 416 outside the file', async () => {
      const f = releases.r1.files[0];
      const whole = await bytesOf(await download(fileUrl(releases.r1, 'labels.jsonl')));
      const part = await download(fileUrl(releases.r1, 'labels.jsonl'), { range: 'bytes=10-99' });
      expect([part.status, part.headers.get('content-range'), part.headers.get('content-length')]).toEqual([206, `bytes 10-99/${f.size}`, '90']);
      expect((await bytesOf(part)).equals(whole.subarray(10, 100))).toBe(true);
      const tail = await download(fileUrl(releases.r1, 'labels.jsonl'), { range: 'bytes=-5', 'if-range': `"${f.sha256}"` });
      expect([tail.status, (await bytesOf(tail)).equals(whole.subarray(-5))]).toEqual([206, true]);
      const stale = await download(fileUrl(releases.r1, 'labels.jsonl'), { range: 'bytes=0-0', 'if-range': '"other"' });
      expect([stale.status, (await bytesOf(stale)).length]).toEqual([200, f.size]);
      const none = await download(fileUrl(releases.r1, 'labels.jsonl'), { range: `bytes=${f.size}-` });
      expect([none.status, none.headers.get('content-range')]).toEqual([416, `bytes */${f.size}`]);
    });

    it('serves only the files the release recorded: any other name, another release or project → 404', async () => {
      for (const name of ['labels.tsv', 'labels.jsonl.bak', 'Labels.jsonl', '.labels.jsonl', 'labels.jsonl%00', '..%2Flabels.jsonl', 'a%2Fmanifest.json', `${releases.r2.releaseId}%2Flabels.jsonl`]) {
        const res = await download(fileUrl(releases.r1, name));
        expect([name, res.status]).toEqual([name, 404]);
        await res.arrayBuffer();
      }
      // Another project's release, asked for under this project, and this project's under the other.
      expect((await download(fileUrl(releases.other, 'labels.jsonl'))).status).toBe(404);
      expect((await download(fileUrl(releases.r1, 'labels.jsonl', other))).status).toBe(404);
      expect((await download(fileUrl({ releaseId: `${run}-nope` }, 'labels.jsonl'))).status).toBe(404);
    });

    it('checks roles and membership: annotator 403, a non-member 404, the analyst and a consumer key of the project allowed, no token 401', async () => {
      expect((await download(fileUrl(releases.r1, 'manifest.json'), {}, token(['annotator']))).status).toBe(403);
      expect((await download(fileUrl(releases.r1, 'manifest.json'), {}, '')).status).toBe(401);
      const outsider = signServiceToken({ kind: 'user', id: `${run}-outsider`, roles: ['quality_analyst'] }, 'export', secret);
      expect((await download(fileUrl(releases.r1, 'manifest.json'), {}, outsider)).status).toBe(404);
      const key = (projectIds: string[]) => signServiceToken({ kind: 'api_key', id: `${run}-key`, roles: ['consumer'], projectIds }, 'export', secret);
      expect((await download(fileUrl(releases.r1, 'manifest.json'), {}, key([other]))).status).toBe(404);
      for (const tok of [token(['quality_analyst']), key([projectId]), token(['admin'])]) {
        const res = await download(fileUrl(releases.r1, 'manifest.json'), {}, tok);
        expect([res.status, sha256(await bytesOf(res))]).toEqual([200, releases.r1.manifest.sha256]);
      }
    });
  });

  describe('diffs', () => {
    const diffUrl = (a: { releaseId: string }, b: { releaseId: string }, q = '') => `/v1/projects/${projectId}/releases/${a.releaseId}/diff/${b.releaseId}${q}`;
    const brief = (e: { itemId: string; questionId: string; change: string; before: { labelVersion: number; label: string; status: string } | null; after: { labelVersion: number; label: string; status: string } | null }) => [
      `${e.itemId.slice(run.length + 1)}/${e.questionId}`,
      e.change,
      e.before && `v${e.before.labelVersion} ${e.before.label} ${e.before.status}`,
      e.after && `v${e.after.labelVersion} ${e.after.label} ${e.after.status}`,
    ];

    it('counts and lists what was added, changed and removed, in release order', async () => {
      const d = await http('GET', diffUrl(releases.r1, releases.r2));
      expect(d.status).toBe(200);
      expect(d.body).toMatchObject({ from: releases.r1.releaseId, to: releases.r2.releaseId, added: 3, changed: 2, removed: 1, unchanged: 8, nextCursor: null });
      expect(d.body.entries.map(brief)).toEqual([
        ['i01/q1', 'changed', 'v1 ok active', 'v2 toxic active'],
        ['i02/q1', 'changed', 'v1 toxic active', 'v2 ok active'],
        ['i03/q1', 'removed', 'v1 ok active', null], // excluded, and excluded labels are not in R2
        ['i05/q2', 'added', null, 'v1 scam active'],
        ['i10/q1', 'added', null, 'v1 ok active'],
        ['i11/q1', 'added', null, 'v1 toxic active'],
      ]);
      // Each side is the label version as released: the same answer as in the files, its event id and time.
      const [first] = d.body.entries;
      expect(first.before).toEqual({
        labelVersion: 1,
        status: 'active',
        label: 'ok',
        answer: { choice: { option_ids: ['ok'] } },
        confidence: 0.75,
        ontologyVersion: 1,
        adjudicated: false,
        gold: false,
        decidedAt: at(t0, 1).toISOString(),
        labelEventId: expect.any(String),
      });
      const line = (await bytesOf(await download(fileUrl(releases.r1, 'labels.jsonl')))).toString('utf8').split('\n')[2];
      expect(JSON.parse(line)).toMatchObject({ item_id: id('i01'), label_event_id: first.before.labelEventId, answer: first.before.answer });

      // The other way round, removed and added swap; with excluded labels released, the exclusion is a change.
      const back = await http('GET', diffUrl(releases.r2, releases.r1));
      expect(back.body).toMatchObject({ added: 1, changed: 2, removed: 3, unchanged: 8 });
      expect(back.body.entries.map((e: { change: string }) => e.change)).toEqual(['changed', 'changed', 'added', 'removed', 'removed', 'removed']);
      const withExcluded = await http('GET', diffUrl(releases.r1, releases.r3));
      expect(withExcluded.body).toMatchObject({ added: 3, changed: 3, removed: 0, unchanged: 8 });
      expect(withExcluded.body.entries.map(brief)[2]).toEqual(['i03/q1', 'changed', 'v1 ok active', 'v2 ok excluded']);
      const same = await http('GET', diffUrl(releases.r2, releases.r2));
      expect(same.body).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 13, entries: [], nextCursor: null });

      // Computed once and kept: the entries are in release_diff_entries, the counts in release_diffs.
      const [kept] = await ds.query(`SELECT added, changed, removed, unchanged FROM export.release_diffs WHERE from_release_id = $1 AND to_release_id = $2`, [
        releases.r1.releaseId,
        releases.r2.releaseId,
      ]);
      expect(kept).toEqual({ added: 3, changed: 2, removed: 1, unchanged: 8 });
      expect((await http('GET', diffUrl(releases.r1, releases.r2))).body).toEqual(d.body);
    });

    it('pages by keyset: limit entries a page, nextCursor until the last, the pages together are the whole diff', async () => {
      const whole = (await http('GET', diffUrl(releases.r1, releases.r2, '?limit=1000'))).body.entries;
      const pages: unknown[][] = [];
      let cursor: string | null = null;
      do {
        const q: string = `?limit=4${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`;
        const p = await http('GET', diffUrl(releases.r1, releases.r2, q));
        expect(p.status).toBe(200);
        expect(p.body).toMatchObject({ added: 3, changed: 2, removed: 1, unchanged: 8 });
        pages.push(p.body.entries);
        cursor = p.body.nextCursor;
      } while (cursor && pages.length < 10);
      expect(pages.map((p) => p.length)).toEqual([4, 2]);
      expect(pages.flat()).toEqual(whole);
      // Exactly a page's worth left: no cursor to an empty page.
      const third = (await http('GET', diffUrl(releases.r1, releases.r2, '?limit=3'))).body;
      const rest = (await http('GET', diffUrl(releases.r1, releases.r2, `?limit=3&after=${third.nextCursor}`))).body;
      expect([third.entries.length, rest.entries.length, rest.nextCursor]).toEqual([3, 3, null]);
    });

    it('refuses bad query values naming the field (400), unknown or foreign releases (404), annotators (403)', async () => {
      for (const [q, field] of [
        ['?limit=0', 'limit'],
        ['?limit=1001', 'limit'],
        ['?limit=ten', 'limit'],
        ['?after=not-a-cursor', 'after'],
        ['?after=', 'after'],
      ] as const) {
        const r = await http('GET', diffUrl(releases.r1, releases.r2, q));
        expect([q, r.status, r.body.errors.map((e: { field: string }) => e.field)]).toEqual([q, 400, [field]]);
      }
      expect((await http('GET', diffUrl(releases.r1, { releaseId: `${run}-nope` }))).status).toBe(404);
      expect((await http('GET', diffUrl(releases.other, releases.r1))).status).toBe(404);
      expect((await http('GET', diffUrl(releases.r1, releases.r2), undefined, token(['annotator']))).status).toBe(403);
      expect((await http('GET', diffUrl(releases.r1, releases.r2), undefined, token(['quality_analyst']))).status).toBe(200);
    });
  });

  it('lists releases with their ontology-version selection', async () => {
    const list = await http('GET', `/v1/projects/${projectId}/releases`);
    const r3 = list.body.releases.find((r: { releaseId: string }) => r.releaseId === releases.r3.releaseId);
    expect(r3).toMatchObject({
      ontologyVersions: [1],
      selection: { ontology_versions: [], allow_mixed_ontology_versions: false, include_excluded: true, until: at(t1, 30).toISOString() },
    });
    const one = await http('GET', `/v1/projects/${projectId}/releases/${releases.r1.releaseId}`);
    expect(one.body.selection).toEqual(one.body.manifestContent.selection);
  });
});
