import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { createEvent, DecisionEvent, newEnvelope, ProjectChange, TOPICS, uuidv7 } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, OBJECT_STORE, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { ObjectStore } from '@verity/storage';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { ExportModule } from '../services/export/src/export.module';
import { exportConfigShape } from '../services/export/src/export.settings';
import { sampleDecision } from '../services/export/test/support/decisions';

// Issue 16: the Python training job (examples/training-consumer-python) on Debian's
// python3-confluent-kafka, python3-protobuf and python3-boto3, with classes protoc makes from
// proto/ at run time. After a small labeling run through export (a relabel, two questions, an
// erased item), its JSONL from labels.v1 must hold what the release holds, and its release check
// must pass on the release and fail, naming the file, on a tampered copy.
const JOB_DIR = path.join(__dirname, '..', 'examples', 'training-consumer-python');
const PYTHON = process.env.VERITY_PYTHON || '/usr/bin/python3';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const runPython = (args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> =>
  new Promise((resolve) => {
    execFile(PYTHON, args, { cwd: JOB_DIR, env, timeout: 120000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });

interface Comparable {
  item_id: string;
  question_id: string;
  label_version: number;
  label: string;
  answer: unknown;
}

const comparable = (r: Comparable): Comparable => ({
  item_id: r.item_id,
  question_id: r.question_id,
  label_version: r.label_version,
  label: r.label,
  answer: r.answer,
});

describe('Python training job (real stack)', () => {
  const env = stackEnv();
  const run = uniqueName('pyjob');
  const projectId = `${run}-project`;
  const secret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const admin = signServiceToken({ kind: 'user', id: 'admin-pyjob-it', roles: ['admin'] }, 'export', secret, { ttlSeconds: 3600 });
  const work = mkdtempSync(path.join(tmpdir(), 'verity-pyjob-'));
  const startedAt = new Date(Date.now() - 1000).toISOString();
  let app: INestApplication;
  let base: string;
  let ds: DataSource;
  let store: ObjectStore;
  let producer: EventProducer;

  const http = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const decision = (itemId: string, questionId: string, label: string): DecisionEvent => {
    const d = sampleDecision(itemId, questionId, label, new Date());
    d.envelope = newEnvelope({ producer: 'quality', projectId, spec: TOPICS.decisions });
    d.decisionId = `dec-${uuidv7()}`;
    return d;
  };

  const versions = async (): Promise<number> => {
    const r: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM export.label_versions WHERE project_id = $1`, [projectId]);
    return Number(r[0].n);
  };

  beforeAll(async () => {
    const config = loadConfig('export', exportConfigShape, { ...process.env, JWT_SECRET: secret });
    producer = new EventProducer(createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'pyjob-it' }), protobufCodec, 'pyjob-it');
    await producer.connect();
    app = await NestFactory.create(ExportModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    ds = app.get(DATA_SOURCE);
    store = app.get(OBJECT_STORE);
  }, 120000);

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    rmSync(work, { recursive: true, force: true });
  });

  it('the job unit tests pass on Debian python3 with protoc-generated classes', async () => {
    const deps = await runPython(['-c', 'import confluent_kafka, google.protobuf, boto3']);
    expect([deps.code, deps.stderr]).toEqual([0, '']); // else: apt-get install python3-confluent-kafka python3-protobuf python3-boto3
    const r = await runPython(['-m', 'unittest', 'discover', '-s', 'tests']);
    expect(r.stderr).toMatch(/Ran [1-9]\d* tests?[\s\S]*\nOK\b/);
    expect(r.code).toBe(0);
  }, 120000);

  it('its JSONL from labels.v1 equals the release; its manifest check passes, and fails naming a tampered file', async () => {
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: { projectId, name: projectId, revision: 1n },
      }),
    );
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `${run}-item-${x}`);
    // First versions: a/q1, b/q1, b/q2, c/q1.
    await producer.publishMany(TOPICS.decisions, [decision(a, 'q1', 'spam'), decision(b, 'q1', 'ham'), decision(b, 'q2', 'spam'), decision(c, 'q1', 'spam')]);
    await eventually('first label versions', async () => ((await versions()) === 4 ? true : undefined), 90000);
    // A relabel of a/q1 (version 2) and the erasure of item c (an EXCLUDED version 2 of c/q1).
    await producer.publish(TOPICS.decisions, decision(a, 'q1', 'ham'));
    await producer.publish(
      TOPICS.erasures,
      createEvent(TOPICS.erasures, {
        envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.erasures }),
        erasureId: uuidv7(),
        step: { case: 'itemErased', value: { itemId: c } },
      }),
    );
    await eventually('relabel and exclusion', async () => ((await versions()) === 6 ? true : undefined), 90000);
    // Published on labels.v1 by the relay: wait until the outbox has no unpublished row of ours.
    await eventually(
      'labels published',
      async () => {
        const r: unknown[] = await ds.query(
          `SELECT 1 FROM export.label_versions v WHERE v.project_id = $1 AND NOT EXISTS
             (SELECT 1 FROM export.outbox o WHERE o.event_id = v.label_event_id AND o.published_at IS NOT NULL)`,
          [projectId],
        );
        return r.length === 0 ? true : undefined;
      },
      60000,
    );

    const release = await http('POST', `/v1/projects/${projectId}/releases`, {});
    expect(release.status).toBe(201);
    const jsonlFile: { key: string; sha256: string } = release.body.files.find((f: { format: string }) => f.format === 'jsonl');
    const jsonlKey = jsonlFile.key;
    const releaseRows = (await store.get(jsonlKey, { expectedSha256: jsonlFile.sha256 })).body
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Comparable & { status: string });
    expect(releaseRows.every((r) => r.status === 'active')).toBe(true);

    // The job, from the test's start time (labels.v1 holds every other test's labels too).
    const out = path.join(work, 'train.jsonl');
    const job = await runPython(['-m', 'verity_training', 'labels', '--project', projectId, '--from', startedAt, '--out', out]);
    expect(job.stderr).toMatch(/3 labels in force, 1 \(item, question\) excluded/);
    expect(job.code).toBe(0);
    const trained = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Comparable & { project_id: string });
    expect(trained.every((r) => r.project_id === projectId)).toBe(true);
    expect(trained.map(comparable)).toEqual(releaseRows.map(comparable));
    expect(trained.map((r) => [r.item_id, r.question_id, r.label_version, r.label])).toEqual([
      [a, 'q1', 2, 'ham'],
      [b, 'q1', 1, 'ham'],
      [b, 'q2', 1, 'spam'],
    ]);

    // The release check: every file of the manifest, by sha256 and size.
    const location = `s3://${env.s3.bucket}/${jsonlKey.slice(0, jsonlKey.lastIndexOf('/') + 1)}`;
    const dl = path.join(work, 'release');
    const ok = await runPython(['-m', 'verity_training', 'release', location, '--download', dl, '--manifest-sha256', release.body.manifest.sha256]);
    expect(ok.stderr).toMatch(/sha256 ok: manifest\.json, labels\.jsonl, labels\.parquet, labels\.csv, data\/train-00000-of-00001\.parquet, README\.md$/m);
    expect(ok.code).toBe(0);
    expect(readFileSync(path.join(dl, 'labels.jsonl'))).toEqual((await store.get(jsonlKey, { expectedSha256: jsonlFile.sha256 })).body);
    // The download is a Hugging Face dataset folder: the data file keeps its data/ folder.
    expect(readFileSync(path.join(dl, 'data', 'train-00000-of-00001.parquet'))).toEqual(readFileSync(path.join(dl, 'labels.parquet')));

    // A copy under a test prefix with one changed byte in labels.jsonl: exit 1, naming that file.
    const manifest = JSON.parse((await store.get(release.body.manifest.key)).body.toString('utf8'));
    const copyPrefix = `tests/${run}/tampered/`;
    for (const f of manifest.files as { key: string; sha256: string }[]) {
      const bytes = Buffer.from((await store.get(f.key, { expectedSha256: f.sha256 })).body);
      const name = f.key.slice(f.key.lastIndexOf('/') + 1);
      if (name === 'labels.jsonl') bytes[bytes.indexOf('"ham"')] = 'x'.charCodeAt(0);
      f.key = `${copyPrefix}${name}`;
      await store.put(f.key, bytes);
    }
    await store.put(`${copyPrefix}manifest.json`, JSON.stringify(manifest));
    const bad = await runPython(['-m', 'verity_training', 'release', `s3://${env.s3.bucket}/${copyPrefix}`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`release check failed: ${copyPrefix}labels.jsonl: sha256 `);
    expect(bad.stderr).toMatch(/differs from the manifest's [0-9a-f]{64}/);
    // And a manifest that is not the one the release recorded.
    const wrongManifest = await runPython(['-m', 'verity_training', 'release', location, '--manifest-sha256', '0'.repeat(64)]);
    expect(wrongManifest.code).toBe(1);
    expect(wrongManifest.stderr).toMatch(/manifest\.json: sha256 [0-9a-f]{64} differs from the expected 0{64}/);
  }, 300000);
});
