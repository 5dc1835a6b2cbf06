export interface RetryPolicy {
  /** Attempts a poison failure gets, including the first (≥ 1), before the record is dead-lettered. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /**
   * Cap of the wait between attempts of a record failing transiently (retried for as long as it
   * takes, its partition paused): the longest a recovered dependency goes unnoticed.
   */
  transientMaxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, initialDelayMs: 200, maxDelayMs: 5000, transientMaxDelayMs: 10000 };

/** Exponential backoff with full jitter for the wait before attempt `attempt + 1`. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random) {
  return jittered(Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1)), random);
}

/** The same for the `failures`-th transient failure in a row, capped by `transientMaxDelayMs`. */
export function transientBackoffMs(policy: RetryPolicy, failures: number, random: () => number = Math.random) {
  const exp = Math.min(failures - 1, 30); // 2 ** 30 × any delay is past every cap
  return jittered(Math.min(policy.transientMaxDelayMs, policy.initialDelayMs * 2 ** exp), random);
}

function jittered(ceiling: number, random: () => number) {
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
