import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * One release file being written: every chunk is hashed and counted on its way, then passed to
 * the target stream (an S3 upload) with backpressure, or to nothing when only the sha256 and
 * size are wanted (re-export).
 */
export class HashingFileSink {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly target?: Writable) {}

  async write(chunk: Buffer): Promise<void> {
    if (chunk.length === 0) return;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.target && !this.target.write(chunk)) await once(this.target, 'drain'); // rejects on 'error'
  }

  /** Ends the target; the sha256 (hex) and size of everything written. */
  end(): { sha256: string; size: number } {
    this.target?.end();
    return { sha256: this.hash.digest('hex'), size: this.bytes };
  }
}
