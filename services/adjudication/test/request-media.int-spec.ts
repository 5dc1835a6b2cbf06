import fs from 'node:fs';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ContentReferenceSchema, ContentType, ObjectRefSchema, uuidv7 } from '@verity/contracts';
import { OBJECT_STORE } from '@verity/service-runtime';
import type { ObjectStore } from '@verity/storage';
import { Harness, U } from './adjudication-harness';

// GET /v1/adjudications/:requestId/media against the real stack: the payload in S3 (a bucket of
// its own, so the test can look for its name in the views), the service in-process.
const h = new Harness();
const BUCKET = 'verity-media-it';
const png = fs.readFileSync(path.resolve(__dirname, '../../../demo/data/media/shapes.png'));
let store: ObjectStore;

beforeAll(async () => {
  await h.start({ S3_BUCKET: BUCKET });
  store = h.app.get(OBJECT_STORE);
}, 120000);
afterAll(async () => {
  await h.stop();
});

function media(requestId: string, user: string, headers: Record<string, string> = {}) {
  return fetch(`${h.base}/v1/adjudications/${requestId}/media`, { headers: { authorization: `Bearer ${h.as(user)}`, ...headers } });
}

const bytesOf = async (r: Response) => Buffer.from(await r.arrayBuffer());

describe('adjudication media', () => {
  it('the full view points at the media route, never at the bucket or key; the expert streams it with ranges, outsiders get 404', async () => {
    const p = h.project('media');
    await h.publishProject(p);
    const put = await store.putContentAddressed('it-media', png, { contentType: 'image/png' });
    const ref = create(ObjectRefSchema, { bucket: BUCKET, key: put.key, sha256: put.sha256, sizeBytes: BigInt(put.size), mediaType: 'image/png' });
    const req = h.request(p, {
      maskedText: undefined,
      payloadRef: ref,
      content: create(ContentReferenceSchema, { source: 'camera', sourceId: 'img-7', contentType: ContentType.IMAGE, contentSha256: put.sha256, payload: ref }),
    });
    const plain = h.request(p); // text only
    await h.publishRequests([req, plain]);

    const view = await h.http('GET', `/v1/adjudications/${req.requestId}`, U.qa1);
    expect(view.status).toBe(200);
    expect(view.body.content).toEqual({
      contentType: 'IMAGE',
      maskedText: null,
      mediaUrl: `/v1/adjudications/${req.requestId}/media`,
      mediaType: 'image/png',
      reference: { source: 'camera', sourceId: 'img-7', contentType: 'CONTENT_TYPE_IMAGE', contentSha256: put.sha256 },
      source: 'request',
    });
    const claimed = await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.qa1);
    for (const body of [view.body, claimed.body]) {
      const json = JSON.stringify(body);
      for (const secret of [BUCKET, put.key, 'payloadRef', '"bucket"', '"key"']) expect(json).not.toContain(secret);
    }
    const plainView = await h.http('GET', `/v1/adjudications/${plain.requestId}`, U.qa1);
    expect(plainView.body.content).toMatchObject({ maskedText: 'nobody wants you here, [USER]. go away', mediaUrl: null, mediaType: null });

    const part = await media(req.requestId, U.qa1, { range: 'bytes=0-7' });
    expect(part.status).toBe(206);
    expect(Object.fromEntries(['content-type', 'content-length', 'content-range', 'x-content-type-options', 'cache-control', 'content-security-policy'].map((k) => [k, part.headers.get(k)]))).toEqual({
      'content-type': 'image/png',
      'content-length': '8',
      'content-range': `bytes 0-7/${png.length}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect((await bytesOf(part)).equals(png.subarray(0, 8))).toBe(true);
    const whole = await media(req.requestId, U.pm);
    expect([whole.status, whole.headers.get('accept-ranges')]).toEqual([200, 'bytes']);
    expect((await bytesOf(whole)).equals(png)).toBe(true);
    expect((await media(req.requestId, U.qa1, { range: `bytes=${png.length}-` })).status).toBe(416);

    // Outsiders and unknown requests: 404; a member without the role: 403 (the view's rules).
    expect((await media(req.requestId, U.outsider)).status).toBe(404);
    expect((await media(uuidv7(), U.qa1)).status).toBe(404);
    expect((await media(req.requestId, U.ann)).status).toBe(403);
    expect((await media(plain.requestId, U.qa1)).status).toBe(404); // no payload
    expect((await fetch(`${h.base}/v1/adjudications/${req.requestId}/media`)).status).toBe(401);

    // Escalated: managers only, like the view.
    const esc = await h.http('POST', `/v1/adjudications/${req.requestId}/escalate`, U.qa1, { note: 'cannot tell from the picture' });
    expect(esc.status).toBe(200);
    expect((await media(req.requestId, U.qa2)).status).toBe(403);
    expect((await media(req.requestId, U.pm, { range: 'bytes=-4' })).status).toBe(206);
  });
});
