/**
 * The services that hold copies of items' content and acknowledge each item's erasure on
 * erasures.v1 (ingestion by its `item_erased` step, the others by `applied`). An erasure is
 * completed when each has done each of its items. Quality holds no content (answers and
 * decisions only) and is not one.
 */
export const ERASURE_HOLDERS = ['ingestion', 'decomposition', 'prelabel', 'assignment', 'adjudication', 'export'] as const;
