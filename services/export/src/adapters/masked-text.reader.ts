import { Inject, Injectable } from '@nestjs/common';
import type { ObjectRef } from '@verity/contracts';
import { OBJECT_STORE } from '@verity/service-runtime';
import { IntegrityError, ObjectStore } from '@verity/storage';

/**
 * Reads an item's masked text from S3 (ingestion stores texts above its inline limit there,
 * masked). Only the reference of the masked copy is ever given here; the object must carry the
 * sha256 the reference names (IntegrityError otherwise).
 */
@Injectable()
export class MaskedTextReader {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  /** The deployment's bucket holds it (references to other buckets cannot be read here). */
  readable(ref: ObjectRef): boolean {
    return !ref.bucket || ref.bucket === this.objects.bucket;
  }

  async read(ref: ObjectRef): Promise<string> {
    const obj = await this.objects.get(ref.key);
    if (ref.sha256 && obj.sha256 !== ref.sha256) throw new IntegrityError(ref.key, ref.sha256, obj.sha256, 'masked text payload');
    return obj.body.toString('utf8');
  }
}
