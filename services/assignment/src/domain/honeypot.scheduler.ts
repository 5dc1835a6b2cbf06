import { createHash, randomInt } from 'node:crypto';
import { isUuidV7, uuidv7At, uuidv7Sequence, uuidv7Timestamp } from '@verity/contracts';

/**
 * Honeypot injection decision: lease number `n` (0-based, counted per project and annotator)
 * is a honeypot when a keyed hash of (seed, project, annotator, n) falls below the rate.
 *
 * - Deterministic: the same seed, project, annotator and counter always give the same answer,
 *   so tests and replays are stable.
 * - Unpredictable to the annotator: without the seed the sequence looks random (no "every
 *   5th task" pattern to learn).
 * - The share converges to the rate: each lease is an independent Bernoulli(rate) draw, so over
 *   n leases the share is within 3·sqrt(r(1-r)/n) of r with probability 99.7%.
 */
export function isHoneypotTurn(seed: string, projectId: string, annotatorId: string, n: number, rate: number): boolean {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  return uniform(seed, `${projectId}|${annotatorId}|${n}`) < rate;
}

/** A number in [0, 1) from a keyed hash: 48 bits of HMAC-like sha256(seed | key). */
export function uniform(seed: string, key: string): number {
  const h = createHash('sha256').update(seed).update('\u0000').update(key).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Blind-control decision for a real lease whose task carries a draft: served without it with
 * probability blindRate / (1 − honeypotRate), so blind controls make up `blindRate` of all leases
 * (honeypot turns take `honeypotRate` of them) and a task without a draft is no sign of a check.
 * Drawn from its own keyed hash, independent of the honeypot decision.
 */
export function isBlindControlTurn(
  seed: string,
  projectId: string,
  annotatorId: string,
  n: number,
  blindRate: number,
  honeypotRate: number,
): boolean {
  if (!(blindRate > 0)) return false;
  const p = honeypotRate < 1 ? blindRate / (1 - Math.max(0, honeypotRate)) : 1;
  if (p >= 1) return true;
  return uniform(seed, `blind|${projectId}|${annotatorId}|${n}`) < p;
}

/**
 * The ids a honeypot copy shows: a task id carrying the timestamp of the real task it displaces
 * and an item id carrying that task's item's timestamp, each with a sequence a few steps below
 * (or above) the displaced id's, laid out as `uuidv7()` lays out every id (docs/decisions.md #41).
 * So neither the ids' bits (counter included: ids minted in a burst have high counters), their
 * age, nor the gap between item and task set a copy apart. An item id that is not a UUIDv7 gives
 * one at the task's time.
 */
export function honeypotCopyIds(displaced: { taskId: string; itemId: string }, now = Date.now()): { taskId: string; itemId: string } {
  const near = (id: string): number | undefined => {
    if (!isUuidV7(id)) return undefined;
    const seq = uuidv7Sequence(id);
    const step = 1 + randomInt(16);
    return seq - step >= 0 ? seq - step : seq + step;
  };
  const taskMs = uuidv7Millis(displaced.taskId) ?? now;
  const itemMs = uuidv7Millis(displaced.itemId);
  return {
    taskId: uuidv7At(taskMs, near(displaced.taskId)),
    itemId: itemMs === null ? uuidv7At(taskMs) : uuidv7At(itemMs, near(displaced.itemId)),
  };
}

/** The Unix-millisecond timestamp of a UUIDv7; null for anything else. */
export function uuidv7Millis(id: string): number | null {
  return isUuidV7(id) ? uuidv7Timestamp(id) : null;
}
