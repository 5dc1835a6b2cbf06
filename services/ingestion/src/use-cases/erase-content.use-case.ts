import { Inject, Injectable } from '@nestjs/common';
import { ErasureEvent, erasureStep } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { OBJECT_STORE } from '@verity/service-runtime';
import { ObjectStore } from '@verity/storage';
import { EntityManager } from 'typeorm';
import { INGESTION_SETTINGS } from '../ingestion.settings';
import { ErasureRepository } from '../db/erasure.repository';

/**
 * erasures.v1 `requested` → the project's items it names (ingestion alone knows which items a
 * source id became), each with its content blanked and its payload and unmasked-original objects
 * deleted, in every project that held it (the content is the data subject's, not the project's).
 * Returns what to announce: `resolved` with the item ids, then one `item_erased` per item for
 * the other holders.
 * Objects are deleted inside the transaction, before it commits: a failure after a delete
 * retries the whole step, and deleting an absent object succeeds.
 */
@Injectable()
export class EraseContentUseCase {
  constructor(
    private readonly repo: ErasureRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(INGESTION_SETTINGS) private readonly settings: { S3_BUCKET: string },
  ) {}

  async execute(tx: EntityManager, ev: ErasureEvent): Promise<{ announce: ErasureEvent[]; deleted: number }> {
    if (ev.step.case !== 'requested') return { announce: [], deleted: 0 };
    const req = ev.step.value;
    const projectId = ev.envelope?.projectId ?? '';
    if (!projectId) throw new NonRetryableError('envelope.project_id: is empty');
    if (!ev.erasureId) throw new NonRetryableError('erasure_id: is empty');
    if (!req.itemId && (!req.source || !req.sourceId)) throw new NonRetryableError('item_id: is absent and source or source_id is empty');
    const itemIds = await this.repo.resolve(tx, projectId, { itemId: req.itemId, source: req.source, sourceId: req.sourceId });
    const announce = [erasureStep(ev, 'ingestion', { case: 'resolved', value: { itemIds } })];
    let deleted = 0;
    for (const itemId of itemIds) {
      for (const o of await this.repo.erase(tx, itemId)) {
        // A producer's reference to another bucket is not the platform's to delete.
        if (o.bucket && o.bucket !== this.settings.S3_BUCKET) continue;
        await this.store.delete(o.key);
        deleted++;
      }
      announce.push(erasureStep(ev, 'ingestion', { case: 'itemErased', value: { itemId } }));
    }
    return { announce, deleted };
  }
}
