import type { ProjectEvent } from '@verity/contracts';
import type { MessageContext } from '@verity/messaging';
import type { EntityManager } from 'typeorm';

/** What applying one projects.v1 snapshot did. */
export interface SnapshotOutcome {
  /** False when the copy already held this or a newer revision (nothing changed). */
  applied: boolean;
  /** Events the service enqueued in the same transaction: the relay is kicked when > 0. */
  enqueued?: number;
  /** Logged with "project snapshot applied". */
  details?: Record<string, unknown>;
}

/**
 * A service's own part of taking a project snapshot: write its copy (with `ProjectSnapshotTable`,
 * so a stale revision changes nothing) and do what a new revision means for it, inside the
 * transaction the shared consumer opened for the event.
 */
export interface ProjectSnapshotApplier {
  apply(tx: EntityManager, event: ProjectEvent, ctx: MessageContext): Promise<SnapshotOutcome>;
  /** After the transaction committed (counters). */
  afterCommit?(outcome: SnapshotOutcome): void;
}

export const PROJECT_SNAPSHOT_APPLIER = Symbol('PROJECT_SNAPSHOT_APPLIER');
