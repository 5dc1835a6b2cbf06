import fs from 'node:fs';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ContentType, ObjectRefSchema, ProjectRole, uuidv7 } from '@verity/contracts';
import { OBJECT_STORE } from '@verity/service-runtime';
import type { ObjectStore } from '@verity/storage';
import { Harness } from './assignment-harness';

// GET /v1/tasks/:taskId/media against the real stack: the payload in S3 (its own bucket, so the
// test can look for its name), the service in-process, annotators over HTTP with real JWTs.
const h = new Harness();
const BUCKET = 'verity-media-it';
const MEDIA = path.resolve(__dirname, '../../../demo/data/media');
const wav = fs.readFileSync(path.join(MEDIA, 'speech.wav'));
const YES = { choice: { optionIds: ['yes'] } };
let store: ObjectStore;

beforeAll(async () => {
  await h.start({ S3_BUCKET: BUCKET });
  store = h.app.get(OBJECT_STORE);
}, 180000);
afterAll(async () => {
  await h.stop();
});

async function payload(bytes: Buffer, mediaType: string) {
  const ref = await store.putContentAddressed('it-media', bytes, { contentType: mediaType });
  return create(ObjectRefSchema, { bucket: BUCKET, key: ref.key, sha256: ref.sha256, sizeBytes: BigInt(ref.size), mediaType });
}

function media(taskId: string, user: string, headers: Record<string, string> = {}) {
  return fetch(`${h.base}/v1/tasks/${taskId}/media`, { headers: { authorization: `Bearer ${h.token(user)}`, ...headers } });
}

const bytesOf = async (r: Response) => Buffer.from(await r.arrayBuffer());

describe('task media', () => {
  it('streams the payload to the lease holder with byte ranges; everyone else, and the holder after submitting, gets 404', async () => {
    const p = h.project('media');
    const [holder, other] = [`${p}-ann-1`, `${p}-ann-2`];
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: holder }, { userId: other }] });
    const ref = await payload(wav, 'audio/wav');
    const task = h.buildTask(p, { answersRequired: 1, contentType: ContentType.AUDIO, maskedText: undefined, payloadRef: ref });
    await h.publishTasks([task]);

    const leased = await h.next(p, holder);
    expect(leased.status).toBe(200);
    expect(leased.body.taskId).toBe(task.taskId);
    expect(leased.body.content).toEqual({ type: 'audio', text: null, mediaUrl: `/v1/tasks/${task.taskId}/media`, mediaType: 'audio/wav' });
    // No storage location anywhere in what the annotator sees.
    for (const view of [leased.body, (await h.http('GET', `/v1/projects/${p}/tasks/mine`, h.token(holder))).body]) {
      const json = JSON.stringify(view);
      for (const secret of [BUCKET, ref.key, ref.sha256, 'payloadRef', '"bucket"', '"key"']) expect(json).not.toContain(secret);
    }

    // A range: 206, the exact slice, the media headers.
    const part = await media(task.taskId, holder, { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(Object.fromEntries(['content-type', 'content-length', 'content-range', 'accept-ranges', 'x-content-type-options', 'cache-control', 'content-security-policy'].map((k) => [k, part.headers.get(k)]))).toEqual({
      'content-type': 'audio/wav',
      'content-length': '1000',
      'content-range': `bytes 100-1099/${wav.length}`,
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(part.headers.get('content-disposition')).toBeNull();
    expect((await bytesOf(part)).equals(wav.subarray(100, 1100))).toBe(true);

    const open = await media(task.taskId, holder, { range: 'bytes=5000-' });
    expect([open.status, open.headers.get('content-range')]).toEqual([206, `bytes 5000-${wav.length - 1}/${wav.length}`]);
    expect((await bytesOf(open)).equals(wav.subarray(5000))).toBe(true);
    const suffix = await media(task.taskId, holder, { range: 'bytes=-44' });
    expect([suffix.status, suffix.headers.get('content-range')]).toEqual([206, `bytes ${wav.length - 44}-${wav.length - 1}/${wav.length}`]);
    expect((await bytesOf(suffix)).equals(wav.subarray(wav.length - 44))).toBe(true);

    const whole = await media(task.taskId, holder);
    expect([whole.status, whole.headers.get('accept-ranges'), whole.headers.get('content-length')]).toEqual([200, 'bytes', String(wav.length)]);
    expect((await bytesOf(whole)).equals(wav)).toBe(true);
    const several = await media(task.taskId, holder, { range: 'bytes=0-1,10-11' });
    expect(several.status).toBe(200);
    expect((await bytesOf(several)).length).toBe(wav.length);

    const beyond = await media(task.taskId, holder, { range: `bytes=${wav.length}-` });
    expect([beyond.status, beyond.headers.get('content-range')]).toEqual([416, `bytes */${wav.length}`]);
    expect((await bytesOf(beyond)).length).toBe(0);

    // No lease: a member without one, an outsider, an unknown task — all the same 404.
    for (const [taskId, user] of [
      [task.taskId, other],
      [task.taskId, `${p}-outsider`],
      [uuidv7(), holder],
    ] as const) {
      const r = await media(taskId, user, { range: 'bytes=0-9' });
      expect([taskId, user, r.status]).toEqual([taskId, user, 404]);
      expect(await r.text()).not.toContain(BUCKET);
    }
    expect((await fetch(`${h.base}/v1/tasks/${task.taskId}/media`)).status).toBe(401);

    // After the submission the lease is no longer live: 404.
    const s = await h.submit(task.taskId, holder, { leaseId: leased.body.leaseId, answer: YES, timeSpentMs: 3000 });
    expect(s.status).toBe(201);
    expect((await media(task.taskId, holder)).status).toBe(404);
  });

  it('serves a script-capable stored type as an octet-stream attachment, and a text task has no media', async () => {
    const p = h.project('media-html');
    const u = `${p}-ann`;
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: u }] });
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const task = h.buildTask(p, { answersRequired: 1, priority: 9, contentType: ContentType.IMAGE, maskedText: undefined, payloadRef: await payload(html, 'image/svg+xml') });
    const text = h.buildTask(p, { answersRequired: 1 });
    await h.publishTasks([task, text]);
    const leased = await h.next(p, u);
    expect(leased.body.content).toMatchObject({ mediaUrl: `/v1/tasks/${task.taskId}/media`, mediaType: 'application/octet-stream' });
    const r = await media(task.taskId, u);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
    expect(r.headers.get('content-disposition')).toBe('attachment');
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect((await bytesOf(r)).equals(html)).toBe(true);

    const second = await h.next(p, u);
    expect(second.body.taskId).toBe(text.taskId);
    expect(second.body.content).toEqual({ type: 'text', text: text.maskedText, mediaUrl: null, mediaType: null });
    expect((await media(text.taskId, u)).status).toBe(404);
  });

  it('a honeypot copy has the same content shape and its media reaches its lease holder', async () => {
    const p = h.project('media-honeypot');
    const [pm, u] = [`${p}-pm`, `${p}-ann`];
    await h.publishProject(p, { answersPerTask: 1, honeypotRate: 1, members: [{ userId: u }, { userId: pm, roles: [ProjectRole.PROJECT_MANAGER] }] });
    const ref = await payload(wav, 'audio/wav');
    const gold = await h.http('POST', `/v1/projects/${p}/gold`, h.token(pm, ['project_manager']), {
      ontologyVersion: 1,
      question: { id: 'q1', type: 'single_choice', prompt: 'Is this spam?', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
      content: { type: 'audio', payloadRef: { bucket: ref.bucket, key: ref.key, sha256: ref.sha256, sizeBytes: Number(ref.sizeBytes), mediaType: ref.mediaType } },
      guidelines: 'Spam is unsolicited advertising.',
      expectedAnswer: YES,
    });
    expect(gold.status).toBe(201);
    await h.publishTasks([h.buildTask(p, { answersRequired: 1, contentType: ContentType.AUDIO, maskedText: undefined, payloadRef: ref })]);

    const leased = await h.next(p, u);
    expect(leased.status).toBe(200);
    const [{ kind }] = await h.ds.query(`SELECT kind FROM assignment.tasks WHERE task_id = $1`, [leased.body.taskId]);
    expect(kind).toBe('honeypot');
    expect(leased.body.content).toEqual({ type: 'audio', text: null, mediaUrl: `/v1/tasks/${leased.body.taskId}/media`, mediaType: 'audio/wav' });
    expect(JSON.stringify(leased.body)).not.toContain(BUCKET);
    const r = await media(leased.body.taskId, u, { range: 'bytes=0-11' });
    expect(r.status).toBe(206);
    expect((await bytesOf(r)).toString('latin1')).toBe(wav.subarray(0, 12).toString('latin1'));
  });

  it('starts a 10 MB payload at once: the first bytes arrive long before the whole is read', async () => {
    const p = h.project('media-large');
    const u = `${p}-ann`;
    await h.publishProject(p, { answersPerTask: 1, members: [{ userId: u }] });
    const big = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i);
    const ref = await store.putLarge(`it-media/large-${p}.wav`, big, { contentType: 'audio/wav' });
    const task = h.buildTask(p, { answersRequired: 1, contentType: ContentType.AUDIO, maskedText: undefined, payloadRef: create(ObjectRefSchema, { bucket: BUCKET, key: ref.key, sha256: ref.sha256, sizeBytes: BigInt(ref.size), mediaType: 'audio/wav' }) });
    await h.publishTasks([task]);
    expect((await h.next(p, u)).status).toBe(200);

    const started = performance.now();
    const r = await media(task.taskId, u);
    const reader = r.body!.getReader();
    const first = await reader.read();
    const firstByteMs = performance.now() - started;
    expect(r.status).toBe(200);
    expect(first.value!.length).toBeGreaterThan(0);
    expect(first.value!.length).toBeLessThan(big.length); // streamed, not one buffered block
    expect(firstByteMs).toBeLessThan(1000);
    let n = first.value!.length;
    for (let c = await reader.read(); !c.done; c = await reader.read()) n += c.value.length;
    expect(n).toBe(big.length);
  });
});
