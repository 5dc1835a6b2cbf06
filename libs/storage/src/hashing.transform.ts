import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Pass-through stream that hashes (sha256) and counts the bytes flowing through it. */
export class HashingTransform extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private digest: string | null = null;

  override _transform(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.hash.update(buf);
    this.bytes += buf.length;
    callback(null, buf);
  }

  override _flush(callback: TransformCallback): void {
    this.digest = this.hash.digest('hex');
    callback();
  }

  /** Bytes seen so far (not `size`: lib-storage would read that as the body length). */
  get byteCount(): number {
    return this.bytes;
  }

  /** The sha256 hex of everything that went through; only once the stream has ended. */
  get sha256(): string {
    if (this.digest === null)
      throw new Error('HashingTransform: sha256 read before the stream ended');
    return this.digest;
  }
}
