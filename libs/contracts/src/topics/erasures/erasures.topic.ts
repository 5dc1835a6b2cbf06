import { ErasureEventSchema, type ErasureEvent } from '../../gen/verity/erasures/v1/erasures_pb';
import { RETAIN_FOREVER, defineTopic, sourceKey } from '../../lib/topic-spec';

/** The record key of an erasure step: the item id, else `<source>:<source_id>` of the request. */
function erasureKey(e: ErasureEvent): string | undefined {
  switch (e.step.case) {
    case 'requested':
      return e.step.value.itemId || sourceKey(e.step.value.source, e.step.value.sourceId);
    case 'resolved':
      return e.erasureId;
    case 'itemErased':
    case 'applied':
      return e.step.value.itemId;
    default:
      return undefined;
  }
}

/**
 * `erasures.v1`: erasure of an item's content ("right to be forgotten"), a control topic. Kept
 * forever: it is the record that the content was erased, and it names ids only, never content.
 */
export const erasuresTopic = defineTopic<ErasureEvent>({
  name: 'erasures.v1',
  schema: ErasureEventSchema,
  schemaVersion: 1,
  partitions: 3,
  retentionMs: RETAIN_FOREVER,
  cleanupPolicy: 'delete',
  keyField: 'item id (item_erased, applied, requested by item), <source>:<source_id> (requested), erasure_id (resolved)',
  keyOf: erasureKey,
  producers: ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'adjudication', 'export'],
  consumers: ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'adjudication', 'export'],
});
