import { AdjudicationReason } from '@verity/contracts';

/**
 * Queue order and the claim rule. The claim query in RequestRepository applies the same rule
 * in SQL; these functions are its specification (and what the unit tests pin down).
 */

export type RequestState = 'open' | 'escalated' | 'decided';

/**
 * Priority of a reason: a failed honeypot says an annotator may be unreliable (it affects
 * other tasks too), so it comes first; low agreement and low posterior are the ordinary
 * "humans could not settle it"; disagreement with the machine draft alone is the least urgent.
 */
export const REASON_PRIORITY: Record<AdjudicationReason, number> = {
  [AdjudicationReason.UNSPECIFIED]: 0,
  [AdjudicationReason.HONEYPOT_FAILURE]: 40,
  [AdjudicationReason.LOW_AGREEMENT]: 30,
  [AdjudicationReason.LOW_POSTERIOR]: 20,
  [AdjudicationReason.MACHINE_DISAGREEMENT]: 10,
};

/** A request's priority: its most urgent reason (unknown reasons count as 0). */
export function priorityOf(reasons: AdjudicationReason[]): number {
  return reasons.reduce((max, r) => Math.max(max, REASON_PRIORITY[r] ?? 0), 0);
}

/** The reasons as their enum names, e.g. LOW_AGREEMENT (unknown values as UNKNOWN_<n>). */
export function reasonNames(reasons: AdjudicationReason[]): string[] {
  return reasons.map((r) => AdjudicationReason[r] ?? `UNKNOWN_${r}`);
}

export interface QueueEntry {
  requestId: string;
  state: RequestState;
  priority: number;
  requestedAt: Date;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  /** Annotators whose answers the request carries: they never judge their own answers. */
  answererIds: string[];
}

/** Queue order: highest priority first, then oldest first, then by id (a total order). */
export function compareQueue(a: QueueEntry, b: QueueEntry): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const t = a.requestedAt.getTime() - b.requestedAt.getTime();
  if (t !== 0) return t;
  return a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0;
}

/** A claim is live until its lease expires; an expired claim returns the request to the queue. */
export function isClaimLive(e: Pick<QueueEntry, 'claimedBy' | 'leaseExpiresAt'>, now: Date): boolean {
  return e.claimedBy !== null && e.leaseExpiresAt !== null && e.leaseExpiresAt.getTime() > now.getTime();
}

/**
 * May `userId` take `e` from the `queue` (open: experts; escalated: project managers)?
 * The request must be in that queue, not claimed by someone else with a live lease, and not
 * carry an answer of the caller's own.
 */
export function canClaim(e: QueueEntry, userId: string, queue: 'open' | 'escalated', now: Date): boolean {
  if (e.state !== queue) return false;
  if (e.answererIds.includes(userId)) return false;
  return !isClaimLive(e, now) || e.claimedBy === userId;
}

/**
 * The request `next` hands out: the caller's own live claim if they hold one (calling next
 * twice does not hoard requests), else the first claimable request in queue order.
 */
export function pickNext(entries: QueueEntry[], userId: string, queue: 'open' | 'escalated', now: Date): QueueEntry | null {
  const sorted = [...entries].sort(compareQueue);
  const mine = sorted.find((e) => e.state === queue && e.claimedBy === userId && isClaimLive(e, now));
  if (mine) return mine;
  return sorted.find((e) => canClaim(e, userId, queue, now)) ?? null;
}
