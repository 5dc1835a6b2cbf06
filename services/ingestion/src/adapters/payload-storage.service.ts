import { Inject, Injectable } from '@nestjs/common';
import { ObjectStore } from '@verity/storage';
import { OBJECT_STORE } from '@verity/service-runtime';
import { INGESTION_SETTINGS } from '../ingestion.settings';
import type { IngestionSettings } from '../ingestion.settings';
import { InvalidContentError } from '../domain/invalid-content.error';

/** A stored object as items.v1 refers to it. */
export interface StoredRef {
  bucket: string;
  key: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

// UTF-8 text. Not "text/plain; charset=utf-8": S3Proxy 2.6 rejects that Content-Type's signature.
const TEXT = 'text/plain';

/** Writes masked text and kept originals to S3 (content-addressed, so retries write nothing new). */
@Injectable()
export class PayloadStorage {
  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(INGESTION_SETTINGS) private readonly settings: Pick<IngestionSettings, 'INGESTION_S3_PREFIX'> & { S3_BUCKET: string },
  ) {}

  async putMaskedText(text: string): Promise<StoredRef> {
    return this.put(`${this.settings.INGESTION_S3_PREFIX}/masked`, text);
  }

  async putOriginalText(text: string): Promise<StoredRef> {
    return this.put(`${this.settings.INGESTION_S3_PREFIX}/original`, text);
  }

  /**
   * Checks a producer's payload reference in the deployment's bucket: the object exists and,
   * when its sha256 was recorded at write time, matches. References to other buckets are taken
   * as given (readers verify the sha256).
   */
  async checkPayloadRef(ref: { bucket: string; key: string; sha256: string }): Promise<void> {
    if (ref.bucket && ref.bucket !== this.settings.S3_BUCKET) return;
    let head;
    try {
      head = await this.store.head(ref.key);
    } catch (err) {
      if ((err as { code?: string }).code === 'INVALID_KEY') throw new InvalidContentError(`payload_ref.key: ${(err as Error).message}`);
      throw err;
    }
    if (!head) throw new InvalidContentError(`payload_ref object ${ref.key} does not exist`);
    if (head.sha256 && head.sha256 !== ref.sha256) {
      throw new InvalidContentError(`payload_ref.sha256 ${ref.sha256} differs from the stored object's ${head.sha256}`);
    }
  }

  private async put(prefix: string, text: string): Promise<StoredRef> {
    const r = await this.store.putContentAddressed(prefix, text, { contentType: TEXT });
    return { bucket: this.settings.S3_BUCKET, key: r.key, sha256: r.sha256, sizeBytes: r.size, mediaType: TEXT };
  }
}
