/**
 * The keyset cursor of a DLQ page, newest first: for each partition, the offset below which
 * records have not been returned yet (exclusive). Written as base64url of `v1:<p>:<o>,<p>:<o>…`,
 * opaque to clients. Records dead-lettered after the first page sit above these bounds, so pages
 * never shift or repeat.
 */
export type DlqBounds = Map<number, number>;

const PREFIX = 'v1:';

export function encodeCursor(bounds: DlqBounds): string {
  const body = [...bounds.entries()]
    .sort(([a], [b]) => a - b)
    .map(([p, o]) => `${p}:${o}`)
    .join(',');
  return Buffer.from(PREFIX + body, 'utf8').toString('base64url');
}

/** The bounds of a cursor; undefined when it is not one this API wrote. */
export function parseCursor(cursor: string): DlqBounds | undefined {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const body = text.slice(PREFIX.length);
  if (!/^\d{1,6}:\d{1,18}(,\d{1,6}:\d{1,18})*$/.test(body)) return undefined;
  const bounds: DlqBounds = new Map();
  for (const part of body.split(',')) {
    const [p, o] = part.split(':').map(Number);
    if (!Number.isSafeInteger(o) || bounds.has(p)) return undefined;
    bounds.set(p, o);
  }
  return bounds;
}

/** One partition's candidates, newest (highest offset) first. */
export interface PartitionRun<T> {
  partition: number;
  records: T[];
}

/**
 * Merges partitions newest first: each partition is taken in offset order (highest first) and
 * the next record is the partition head dead-lettered last (ties: lower partition). Taking each
 * partition as a run keeps what is returned a contiguous top of every partition, so the cursor
 * (lowest offset taken per partition) never skips a record, whatever the clocks did.
 */
export function mergeNewestFirst<T>(runs: PartitionRun<T>[], at: (r: T) => string, limit: number): { taken: T[]; takenFrom: Map<number, T[]> } {
  const heads = runs.map((r) => ({ partition: r.partition, records: r.records, i: 0 }));
  const taken: T[] = [];
  const takenFrom = new Map<number, T[]>();
  while (taken.length < limit) {
    let best: (typeof heads)[number] | undefined;
    for (const h of heads) {
      if (h.i >= h.records.length) continue;
      if (!best) {
        best = h;
        continue;
      }
      const a = at(h.records[h.i]);
      const b = at(best.records[best.i]);
      if (a > b || (a === b && h.partition < best.partition)) best = h;
    }
    if (!best) break;
    const r = best.records[best.i++];
    taken.push(r);
    takenFrom.set(best.partition, [...(takenFrom.get(best.partition) ?? []), r]);
  }
  return { taken, takenFrom };
}
