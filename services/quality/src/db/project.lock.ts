import type { Queryable } from '@verity/persistence';
import { TxMemo } from './tx.memo';

const locked = new TxMemo<true>();

/** Serializes all work on one project (answers, refits, snapshots) across instances, until commit. */
export async function lockProject(tx: Queryable, projectId: string): Promise<void> {
  if (locked.get(tx, projectId)) return; // held until this transaction ends
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('quality:' || $1))`, [projectId]);
  locked.set(tx, projectId, true);
}

/** Locks several projects in one fixed (sorted) order, so two batches cannot deadlock on them. */
export async function lockProjects(tx: Queryable, projectIds: Iterable<string>): Promise<void> {
  for (const id of [...new Set(projectIds)].sort()) await lockProject(tx, id);
}
