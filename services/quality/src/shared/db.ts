import type { EntityManager } from 'typeorm';

/** What a repository needs of a connection or transaction. */
export type Queryable = Pick<EntityManager, 'query'>;

/** Serializes all work on one project (answers, refits, snapshots) across instances, until commit. */
export async function lockProject(tx: Queryable, projectId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('quality:' || $1))`, [projectId]);
}
