import { Readable } from 'node:stream';
import { HashingTransform } from './hashing.transform';
import { sha256Hex } from './sha256';

describe('HashingTransform', () => {
  it('passes bytes through unchanged and reports their sha256 and size at the end', async () => {
    const chunks = [Buffer.from('hello '), Buffer.from('streaming '), Buffer.from('world')];
    const hasher = new HashingTransform();
    const out: Buffer[] = [];
    for await (const c of Readable.from(chunks).pipe(hasher)) out.push(c as Buffer);
    const all = Buffer.concat(chunks);
    expect(Buffer.concat(out).equals(all)).toBe(true);
    expect(hasher.sha256).toBe(sha256Hex(all));
    expect(hasher.byteCount).toBe(all.length);
  });

  it('refuses to report a digest before the end', () => {
    expect(() => new HashingTransform().sha256).toThrow(/before the stream ended/);
  });
});
