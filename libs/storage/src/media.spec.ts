import { Readable } from 'node:stream';
import type { ByteRange } from './byte-range';
import { openMedia } from './media';
import type { ObjectStore } from './object-store';
import { sha256Hex } from './sha256';
import { IntegrityError } from './storage.errors';

const bytes = Buffer.from('0123456789abcdefghij'); // 20 bytes
const sha = sha256Hex(bytes);

/** The two calls openMedia makes, over one in-memory object (no I/O). */
function fakeStore(recorded: string | null = sha, metadata: Record<string, string> = {}) {
  const opened: (ByteRange | null)[] = [];
  const store = {
    bucket: 'verity',
    head: async (key: string) =>
      key === 'media/a.wav'
        ? {
            key,
            size: bytes.length,
            etag: 'e1',
            sha256: recorded,
            metadata,
            contentType: 'audio/wav',
          }
        : null,
    getRange: async (key: string, range?: ByteRange | null) => {
      opened.push(range ?? null);
      const slice = range ? bytes.subarray(range.start, range.end + 1) : bytes;
      return {
        key,
        body: Readable.from([slice]),
        contentLength: slice.length,
        contentRange: range ? `bytes ${range.start}-${range.end}/${bytes.length}` : null,
        totalSize: bytes.length,
        sha256: recorded,
        etag: 'e1',
        metadata: {},
      };
    },
  };
  return { store: store as unknown as ObjectStore, opened };
}

async function read(body: Readable | null): Promise<string> {
  if (!body) return '';
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString();
}

const src = { bucket: 'verity', key: 'media/a.wav', sha256: sha, mediaType: 'audio/wav' };

describe('openMedia', () => {
  it('no Range: 200, the whole object, Accept-Ranges and the security headers', async () => {
    const { store } = fakeStore();
    const r = (await openMedia(store, src))!;
    expect(r.status).toBe(200);
    expect(r.headers).toEqual({
      'Content-Type': 'audio/wav',
      'Content-Length': '20',
      'Accept-Ranges': 'bytes',
      ETag: `"${sha}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    expect(await read(r.body)).toBe(bytes.toString());
  });

  it('Range: 206 with Content-Range and Content-Length of the slice (a-b, a-, -n)', async () => {
    const { store } = fakeStore();
    for (const [range, cr, text] of [
      ['bytes=2-5', 'bytes 2-5/20', '2345'],
      ['bytes=15-', 'bytes 15-19/20', 'fghij'],
      ['bytes=-3', 'bytes 17-19/20', 'hij'],
    ] as const) {
      const r = (await openMedia(store, src, { range }))!;
      expect(r.status).toBe(206);
      expect(r.headers['Content-Range']).toBe(cr);
      expect(r.headers['Content-Length']).toBe(String(text.length));
      expect(await read(r.body)).toBe(text);
    }
  });

  it('unsatisfiable: 416 with Content-Range bytes */size and no body (nothing opened)', async () => {
    const { store, opened } = fakeStore();
    const r = (await openMedia(store, src, { range: 'bytes=20-' }))!;
    expect(r).toMatchObject({ status: 416, body: null });
    expect(r.headers['Content-Range']).toBe('bytes */20');
    expect(opened).toEqual([]);
  });

  it('multiple ranges, or an If-Range that is not the ETag: 200 whole', async () => {
    const { store } = fakeStore();
    expect((await openMedia(store, src, { range: 'bytes=0-1,4-5' }))!.status).toBe(200);
    expect((await openMedia(store, src, { range: 'bytes=0-1', ifRange: '"other"' }))!.status).toBe(
      200,
    );
    expect((await openMedia(store, src, { range: 'bytes=0-1', ifRange: `"${sha}"` }))!.status).toBe(
      206,
    );
  });

  it('script-capable types are served as an octet-stream attachment', async () => {
    const { store } = fakeStore();
    for (const mediaType of ['text/html', 'image/svg+xml']) {
      const r = (await openMedia(store, { ...src, mediaType }))!;
      expect(r.headers['Content-Type']).toBe('application/octet-stream');
      expect(r.headers['Content-Disposition']).toBe('attachment');
    }
    const empty = (await openMedia(store, { ...src, mediaType: '' }))!;
    expect(empty.headers['Content-Type']).toBe('audio/wav'); // the stored object's type
  });

  it('nothing to serve: another bucket or a missing object → null', async () => {
    const { store, opened } = fakeStore();
    expect(await openMedia(store, { ...src, bucket: 'someone-elses' })).toBeNull();
    expect(await openMedia(store, { ...src, key: 'media/missing.wav' })).toBeNull();
    expect(await openMedia(store, { ...src, bucket: '' })).not.toBeNull(); // empty = the deployment's bucket
    expect(opened).toHaveLength(1);
  });

  it("an object whose recorded sha256 is not the reference's is refused (IntegrityError)", async () => {
    const { store } = fakeStore('f'.repeat(64));
    await expect(openMedia(store, src)).rejects.toBeInstanceOf(IntegrityError);
    const unrecorded = fakeStore(null);
    expect((await openMedia(unrecorded.store, src))!.headers.ETag).toBe('"e1"');
    // Written by ObjectStore with its sha256 recorded elsewhere: tagged by the caller's record.
    const elsewhere = fakeStore(null, { 'sha256-recorded-in': 'release manifest' });
    expect((await openMedia(elsewhere.store, src))!.headers.ETag).toBe(`"${src.sha256}"`);
  });
});
