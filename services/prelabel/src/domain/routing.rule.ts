import { fnv1a } from './text.features';

export type Route = 'auto_accept' | 'audit' | 'human_with_draft' | 'human_without_draft';

/**
 * Deterministic audit draw: a task is audited iff hash(task id) / 2^32 < audit rate. Same task,
 * same draw, so a redelivered task is routed the same way; over many tasks the share is the rate.
 */
export function auditDraw(taskId: string, auditRate: number): boolean {
  if (auditRate <= 0) return false;
  if (auditRate >= 1) return true;
  return fnv1a(`audit:${taskId}`) / 4294967296 < auditRate;
}

/**
 * Where a task goes. No draft: humans without one. Calibrated confidence at or above the
 * threshold: auto-accepted (or audited at the audit rate). Otherwise humans with the draft.
 * No threshold (no target precision, too little held-out truth): never auto-accepted.
 */
export function routeOf(args: { hasDraft: boolean; calibrated?: number; threshold: number | null; auditRate: number; taskId: string }): Route {
  if (!args.hasDraft || args.calibrated === undefined) return 'human_without_draft';
  if (args.threshold === null || args.calibrated < args.threshold) return 'human_with_draft';
  return auditDraw(args.taskId, args.auditRate) ? 'audit' : 'auto_accept';
}

/**
 * How many arriving items a human label stands for, by how its item was routed: an audited item
 * was sent to humans with probability `auditRate` among those the machine was sure of (the rest
 * were auto-accepted and never come back as labels), so its label stands for 1 / auditRate of
 * them; every other human label was all the humans saw of its kind, and stands for itself. The
 * project's current rate is used: a rate changed since the audit is not remembered per draft.
 */
export function auditWeight(auditRate: number): (audited: boolean) => number {
  return (audited) => (audited && auditRate > 0 && auditRate < 1 ? 1 / auditRate : 1);
}
