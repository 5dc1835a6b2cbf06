import type { S3Client } from '@aws-sdk/client-s3';
import { ObjectStore } from './object-store';
import { md5Base64, sha256Hex } from './sha256';
import { IntegrityError, ObjectNotFoundError, StorageError } from './storage.errors';

interface FakeInput {
  Key: string;
  Body?: Buffer;
  ContentMD5?: string;
  ContentType?: string;
  Metadata?: Record<string, string>;
  Prefix?: string;
  MaxKeys?: number;
  ContinuationToken?: string;
}

/** In-memory stand-in for the few S3 calls the store makes (no I/O). */
class FakeS3 {
  readonly objects = new Map<
    string,
    { body: Buffer; metadata: Record<string, string>; contentType?: string }
  >();
  readonly calls: string[] = [];

  async send(command: { constructor: { name: string }; input: object }): Promise<unknown> {
    const op = command.constructor.name.replace(/Command$/, '');
    const input = command.input as FakeInput;
    this.calls.push(op);
    const missing = () =>
      Object.assign(new Error('NotFound'), {
        name: 'NotFound',
        $metadata: { httpStatusCode: 404 },
      });
    switch (op) {
      case 'HeadBucket':
        return {};
      case 'PutObject': {
        const body = input.Body!;
        if (input.ContentMD5 !== md5Base64(body))
          throw Object.assign(new Error('bad digest'), {
            name: 'BadDigest',
            $metadata: { httpStatusCode: 400 },
          });
        this.objects.set(input.Key, {
          body,
          metadata: { ...input.Metadata },
          contentType: input.ContentType,
        });
        return { ETag: `"${md5Base64(body)}"` };
      }
      case 'HeadObject':
      case 'GetObject': {
        const o = this.objects.get(input.Key);
        if (!o) throw missing();
        const head = {
          ContentLength: o.body.length,
          ETag: '"e"',
          Metadata: { ...o.metadata },
          ContentType: o.contentType,
        };
        return op === 'HeadObject'
          ? head
          : { ...head, Body: { transformToByteArray: async () => new Uint8Array(o.body) } };
      }
      case 'ListObjectsV2': {
        const keys = [...this.objects.keys()]
          .filter((k) => k.startsWith(input.Prefix ?? ''))
          .sort();
        const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
        const size = input.MaxKeys ?? 1000;
        const page = keys.slice(start, start + size);
        const truncated = start + size < keys.length;
        return {
          Contents: page.map((Key) => ({ Key, Size: this.objects.get(Key)!.body.length })),
          IsTruncated: truncated,
          NextContinuationToken: truncated ? String(start + size) : undefined,
        };
      }
      default:
        throw new Error(`FakeS3: unexpected ${op}`);
    }
  }
}

const settings = {
  endpoint: 'http://127.0.0.1:1',
  region: 'us-east-1',
  accessKeyId: 'a',
  secretAccessKey: 's',
  bucket: 'b',
};

function setup() {
  const fake = new FakeS3();
  const store = new ObjectStore(settings, { client: fake as unknown as S3Client });
  return { fake, store };
}

describe('ObjectStore (unit, fake S3)', () => {
  it('rejects incomplete settings', () => {
    expect(() => new ObjectStore({ ...settings, bucket: '' })).toThrow(/bucket/);
    expect(() => new ObjectStore({ ...settings, endpoint: 'not a url' })).toThrow(StorageError);
  });

  it('put records the sha256 in metadata (reserved key wins) and lower-cases metadata keys', async () => {
    const { fake, store } = setup();
    const ref = await store.put('k/one', 'hello', {
      contentType: 'text/plain',
      metadata: { Source: 'x', sha256: 'forged' },
    });
    expect(ref).toMatchObject({ key: 'k/one', sha256: sha256Hex('hello'), size: 5 });
    expect(fake.objects.get('k/one')!.metadata).toEqual({
      source: 'x',
      sha256: sha256Hex('hello'),
    });
  });

  it('get verifies and returns the body, sha256, metadata and content type', async () => {
    const { store } = setup();
    await store.put('k/one', 'hello', { contentType: 'text/plain', metadata: { a: '1' } });
    const got = await store.get('k/one');
    expect(got.body.toString()).toBe('hello');
    expect(got).toMatchObject({
      sha256: sha256Hex('hello'),
      metadata: { a: '1' },
      contentType: 'text/plain',
    });
  });

  it('get throws IntegrityError when the bytes changed behind the store', async () => {
    const { fake, store } = setup();
    await store.put('k/one', 'hello');
    fake.objects.get('k/one')!.body = Buffer.from('HELLO');
    await expect(store.get('k/one')).rejects.toMatchObject({
      name: 'IntegrityError',
      code: 'INTEGRITY',
      key: 'k/one',
      expected: sha256Hex('hello'),
      actual: sha256Hex('HELLO'),
    });
  });

  it('get refuses an object without a recorded sha256 unless allowed', async () => {
    const { fake, store } = setup();
    fake.objects.set('foreign', { body: Buffer.from('x'), metadata: {} });
    await expect(store.get('foreign')).rejects.toBeInstanceOf(IntegrityError);
    await expect(store.get('foreign', { allowUnrecorded: true })).resolves.toMatchObject({
      sha256: sha256Hex('x'),
    });
  });

  it('get checks a content-addressed key against the bytes even when metadata was rewritten', async () => {
    const { fake, store } = setup();
    const ref = await store.putContentAddressed('p', 'original');
    fake.objects.set(ref.key, {
      body: Buffer.from('forged'),
      metadata: { sha256: sha256Hex('forged') },
    });
    await expect(store.get(ref.key)).rejects.toMatchObject({
      expected: sha256Hex('original'),
      actual: sha256Hex('forged'),
    });
  });

  it('get of a missing key throws ObjectNotFoundError; head returns null', async () => {
    const { store } = setup();
    await expect(store.get('nope')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.head('nope')).resolves.toBeNull();
  });

  it('putContentAddressed writes once and returns the same ref', async () => {
    const { fake, store } = setup();
    const a = await store.putContentAddressed('payloads', Buffer.from('same bytes'));
    const b = await store.putContentAddressed('payloads', Buffer.from('same bytes'));
    expect(a.key).toBe(`payloads/sha256/${sha256Hex('same bytes')}`);
    expect(b).toEqual({ ...a, etag: b.etag });
    expect(fake.calls.filter((c) => c === 'PutObject')).toHaveLength(1);
  });

  it('list follows pagination and skips directory markers', async () => {
    const { fake, store } = setup();
    for (let i = 0; i < 5; i++) await store.put(`l/${i}`, `v${i}`);
    await store.put('other/x', 'x');
    fake.objects.set('l/sub/', { body: Buffer.alloc(0), metadata: {} }); // a directory marker
    const entries = await store.listAll('l/', { pageSize: 2 });
    expect(entries.map((e) => e.key)).toEqual(['l/0', 'l/1', 'l/2', 'l/3', 'l/4']);
    expect(entries[0].size).toBe(2);
  });

  it('putLarge refuses parts below the S3 minimum', async () => {
    const { store } = setup();
    await expect(store.putLarge('big', Buffer.alloc(10), { partSize: 1024 })).rejects.toMatchObject(
      { code: 'INVALID_ARGUMENT' },
    );
  });

  it('maps a server-side digest failure to code INTEGRITY', async () => {
    const fake = new FakeS3();
    const broken = {
      send: (cmd: { constructor: { name: string }; input: object }) =>
        fake.send({ constructor: cmd.constructor, input: { ...cmd.input, ContentMD5: 'wrong' } }),
    };
    const store = new ObjectStore(settings, { client: broken as unknown as S3Client });
    await expect(store.put('k', 'v')).rejects.toMatchObject({ code: 'INTEGRITY' });
  });
});
