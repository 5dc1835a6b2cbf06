// Integration tests of ObjectStore against the real S3-compatible store of the local stack
// (deploy/local/start.sh: S3Proxy). Settings come from the environment (deploy/local/stack.env).
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  createS3Client,
  IntegrityError,
  ObjectNotFoundError,
  ObjectStore,
  openMedia,
  sha256Hex,
  type StorageSettings,
} from '../src';

function settingsFromEnv(): StorageSettings {
  const need = (name: string): string => {
    const v = process.env[name];
    if (!v)
      throw new Error(
        `${name} is not set: export deploy/local/stack.env (set -a; . deploy/local/stack.env; set +a)`,
      );
    return v;
  };
  return {
    endpoint: need('S3_ENDPOINT'),
    region: need('S3_REGION'),
    accessKeyId: need('S3_ACCESS_KEY_ID'),
    secretAccessKey: need('S3_SECRET_ACCESS_KEY'),
    bucket: need('S3_BUCKET'),
    forcePathStyle: true,
  };
}

describe('ObjectStore against S3 (integration)', () => {
  const settings = settingsFromEnv();
  const run = `it-storage/${Date.now()}-${randomUUID().slice(0, 8)}`;
  let store: ObjectStore;
  let raw: S3Client;

  beforeAll(async () => {
    store = new ObjectStore(settings);
    raw = createS3Client(settings);
    await store.ensureBucket();
  });

  afterAll(() => {
    store.destroy();
    raw.destroy();
  });

  it('ensureBucket is idempotent and ping answers', async () => {
    await store.ensureBucket();
    const { latencyMs } = await store.ping();
    expect(latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('round-trips bytes, metadata and content type with a verified sha256', async () => {
    const body = Buffer.from(JSON.stringify({ hello: 'wörld', n: 42 }));
    const ref = await store.put(`${run}/rt/doc.json`, body, {
      contentType: 'application/json',
      metadata: { producer: 'it' },
    });
    expect(ref).toMatchObject({
      key: `${run}/rt/doc.json`,
      sha256: sha256Hex(body),
      size: body.length,
    });
    expect(ref.etag).not.toBe('');

    const got = await store.get(ref.key);
    expect(got.body.equals(body)).toBe(true);
    expect(got.sha256).toBe(ref.sha256);
    expect(got.metadata).toEqual({ producer: 'it' });
    expect(got.contentType).toBe('application/json');

    const head = await store.head(ref.key);
    expect(head).toMatchObject({
      key: ref.key,
      size: body.length,
      sha256: ref.sha256,
      metadata: { producer: 'it' },
    });
  });

  it('putContentAddressed is idempotent', async () => {
    const body = randomBytes(2048);
    const a = await store.putContentAddressed(`${run}/cas`, body, {
      contentType: 'application/octet-stream',
    });
    const before = await store.head(a.key);
    const b = await store.putContentAddressed(`${run}/cas`, Buffer.from(body));
    const after = await store.head(a.key);
    expect(a.key).toBe(`${run}/cas/sha256/${sha256Hex(body)}`);
    expect(b).toEqual(a);
    expect(after?.lastModified?.getTime()).toBe(before?.lastModified?.getTime()); // not rewritten
    expect((await store.listAll(`${run}/cas/`)).map((e) => e.key)).toEqual([a.key]);
    expect((await store.get(a.key)).body.equals(body)).toBe(true);
  });

  it('getRange streams a byte range or the whole object with its sizes; openMedia answers 206/200/416', async () => {
    const body = randomBytes(300_000);
    const ref = await store.putContentAddressed(`${run}/media`, body, { contentType: 'audio/wav' });
    const read = async (s: Readable) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(Buffer.from(c));
      return Buffer.concat(chunks);
    };

    const part = await store.getRange(ref.key, { start: 1000, end: 1999 });
    expect(part).toMatchObject({
      contentLength: 1000,
      contentRange: `bytes 1000-1999/${body.length}`,
      totalSize: body.length,
      sha256: ref.sha256,
      contentType: 'audio/wav',
    });
    expect((await read(part.body)).equals(body.subarray(1000, 2000))).toBe(true);

    const tail = await store.getRange(ref.key, { start: body.length - 10, end: body.length + 500 });
    expect(tail).toMatchObject({
      contentLength: 10,
      contentRange: `bytes ${body.length - 10}-${body.length - 1}/${body.length}`,
    });
    expect((await read(tail.body)).equals(body.subarray(body.length - 10))).toBe(true);

    const whole = await store.getRange(ref.key);
    expect(whole).toMatchObject({
      contentLength: body.length,
      contentRange: null,
      totalSize: body.length,
    });
    expect((await read(whole.body)).equals(body)).toBe(true);

    await expect(store.getRange(`${run}/media/missing`)).rejects.toBeInstanceOf(
      ObjectNotFoundError,
    );

    const src = {
      bucket: settings.bucket,
      key: ref.key,
      sha256: ref.sha256,
      mediaType: 'audio/wav',
    };
    const suffix = (await openMedia(store, src, { range: 'bytes=-100' }))!;
    expect(suffix.status).toBe(206);
    expect(suffix.headers['Content-Range']).toBe(
      `bytes ${body.length - 100}-${body.length - 1}/${body.length}`,
    );
    expect((await read(suffix.body!)).equals(body.subarray(body.length - 100))).toBe(true);
    const all = (await openMedia(store, src))!;
    expect([all.status, all.headers['Content-Length']]).toEqual([200, String(body.length)]);
    all.body!.destroy();
    const none = (await openMedia(store, src, { range: `bytes=${body.length}-` }))!;
    expect([none.status, none.headers['Content-Range'], none.body]).toEqual([
      416,
      `bytes */${body.length}`,
      null,
    ]);
    await expect(openMedia(store, { ...src, sha256: 'a'.repeat(64) })).rejects.toBeInstanceOf(
      IntegrityError,
    );
  });

  it('head of a missing key is null; get throws ObjectNotFoundError', async () => {
    await expect(store.head(`${run}/missing`)).resolves.toBeNull();
    await expect(store.get(`${run}/missing`)).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('lists across several pages', async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `${run}/list/item-${i}`);
    for (const k of keys) await store.put(k, k);
    const seen = await store.listAll(`${run}/list/`, { pageSize: 2 });
    expect(seen.map((e) => e.key)).toEqual(keys);
    expect(seen.every((e, i) => e.size === Buffer.byteLength(keys[i]))).toBe(true);
  });

  it('uploads ~12 MiB multipart from a Buffer and from a stream, verified by sha256', async () => {
    const big = randomBytes(12 * 1024 * 1024 + 12345);
    const expected = sha256Hex(big);

    const fromBuffer = await store.putLarge(`${run}/large/buffer.bin`, big, {
      partSize: 5 * 1024 * 1024,
    });
    expect(fromBuffer).toMatchObject({ sha256: expected, size: big.length });
    expect(fromBuffer.etag).toMatch(/-3$/); // three parts

    const chunks = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) =>
      big.subarray(i * 65536, (i + 1) * 65536),
    );
    const fromStream = await store.putLarge(`${run}/large/stream.bin`, Readable.from(chunks), {
      partSize: 5 * 1024 * 1024,
      contentType: 'application/octet-stream',
      metadata: { kind: 'stream' },
    });
    expect(fromStream).toMatchObject({ sha256: expected, size: big.length });

    for (const key of [fromBuffer.key, fromStream.key]) {
      const got = await store.get(key);
      expect(got.sha256).toBe(expected);
      expect(got.body.equals(big)).toBe(true);
    }
    expect((await store.head(fromStream.key))?.metadata).toEqual({ kind: 'stream' });
    expect(await store.listAll('.verity-staging/')).toEqual([]); // staging object removed
  });

  it('moves a staged stream above the single-copy limit into place with a multipart copy', async () => {
    // The 5 GiB CopyObject limit, scaled down: a 5 MiB limit makes a ~12 MiB stream (staged in
    // two 7 MiB parts) take the multipart copy path in three 5 MiB parts, as a release file over
    // 5 GiB would.
    const big = randomBytes(12 * 1024 * 1024 + 777);
    const chunks = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.subarray(i * 65536, (i + 1) * 65536));
    const ref = await store.putLarge(`${run}/large/copied-in-parts.bin`, Readable.from(chunks), {
      partSize: 7 * 1024 * 1024,
      maxSingleCopyBytes: 5 * 1024 * 1024,
      contentType: 'application/x-ndjson',
      metadata: { kind: 'parts' },
    });
    expect(ref).toMatchObject({ sha256: sha256Hex(big), size: big.length });
    expect(ref.etag).toMatch(/-3$/); // the copy's three parts, not the staged upload's
    const got = await store.get(ref.key);
    expect(got.body.equals(big)).toBe(true);
    expect(got.contentType).toBe('application/x-ndjson');
    expect((await store.head(ref.key))?.metadata).toEqual({ kind: 'parts' });
    expect(await store.listAll('.verity-staging/')).toEqual([]);
  });

  it('writes a stream straight to its key in parts when the caller records the sha256, and reads it back only against that sha256', async () => {
    const big = randomBytes(11 * 1024 * 1024 + 4321);
    const chunks = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.subarray(i * 65536, (i + 1) * 65536));
    const stagedBefore = (await store.listAll('.verity-staging/')).length;
    const ref = await store.putLarge(`${run}/large/direct.bin`, Readable.from(chunks), {
      partSize: 5 * 1024 * 1024,
      contentType: 'application/x-ndjson',
      metadata: { kind: 'direct' },
      sha256RecordedIn: 'release manifest',
    });
    expect(ref).toMatchObject({ sha256: sha256Hex(big), size: big.length });
    expect(ref.etag).toMatch(/-3$/); // the upload's own three parts: no copy made it
    expect((await store.listAll('.verity-staging/')).length).toBe(stagedBefore);
    const head = await store.head(ref.key);
    expect(head?.sha256).toBeNull();
    expect(head?.metadata).toEqual({ kind: 'direct', 'sha256-recorded-in': 'release manifest' });

    await expect(store.get(ref.key)).rejects.toBeInstanceOf(IntegrityError); // no sha256 of its own
    const got = await store.get(ref.key, { expectedSha256: ref.sha256 });
    expect(got.body.equals(big)).toBe(true);
    await expect(store.get(ref.key, { expectedSha256: sha256Hex('other bytes') })).rejects.toThrow(/sha256 the caller recorded/);
  });

  it('detects bytes overwritten behind its back', async () => {
    const ref = await store.put(`${run}/tamper/doc.txt`, 'the original label set');
    await raw.send(
      new PutObjectCommand({
        Bucket: settings.bucket,
        Key: ref.key,
        Body: 'the forged label set!!',
        Metadata: { sha256: ref.sha256 }, // keeps the old checksum
      }),
    );
    const err = await store.get(ref.key).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntegrityError);
    expect(err).toMatchObject({
      key: ref.key,
      expected: ref.sha256,
      actual: sha256Hex('the forged label set!!'),
    });
  });

  it('the server rejects a body that does not match its Content-MD5', async () => {
    await expect(
      raw.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: `${run}/md5/bad`,
          Body: 'abc',
          ContentMD5: 'AAAAAAAAAAAAAAAAAAAAAA==',
        }),
      ),
    ).rejects.toMatchObject({ name: expect.stringMatching(/BadDigest|InvalidDigest/) });
  });
});
