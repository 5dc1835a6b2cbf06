import { nextSuspended, type SuspensionEvidence, type SuspensionPolicy } from './reliability.math';

/** An annotator's suspension in a project, with what a person decided about it. */
export interface SuspensionState {
  suspended: boolean;
  /** The current suspension was set by a person: the automatic rule never lifts it. */
  manual: boolean;
  /**
   * Known-truth answers (honeypots + gold) when a person last reinstated the annotator; the
   * automatic rule may suspend them again only on newer evidence (more known-truth answers).
   * Null when no manual reinstatement holds.
   */
  reinstatedAtKnownTruth: number | null;
}

/**
 * The automatic rule (`nextSuspended`: below the floor with the policy's confidence, on enough
 * honeypots; lifted at floor + margin) under what people decided: a manual suspension stays until a person
 * reinstates; a manual reinstatement holds until new known-truth evidence arrives.
 */
export function automaticSuspension(s: SuspensionState, e: SuspensionEvidence, p: SuspensionPolicy): SuspensionState {
  if (s.suspended && s.manual) return s;
  if (!s.suspended && s.reinstatedAtKnownTruth !== null && e.knownTruth <= s.reinstatedAtKnownTruth) return s;
  const suspended = nextSuspended(s.suspended, e, p);
  if (suspended === s.suspended) return s;
  return { suspended, manual: false, reinstatedAtKnownTruth: null };
}

export interface ManualChange {
  next: SuspensionState;
  /** Whether the suspension state itself changed (an event is published only then). */
  changed: boolean;
}

/** A person suspends: always a manual suspension afterwards (an automatic one becomes manual, without a new event). */
export function manualSuspend(s: SuspensionState): ManualChange {
  return { next: { suspended: true, manual: true, reinstatedAtKnownTruth: null }, changed: !s.suspended };
}

/** A person reinstates: not suspended afterwards; the automatic rule waits for evidence newer than `knownTruth`. */
export function manualReinstate(s: SuspensionState, knownTruth: number): ManualChange {
  if (!s.suspended) return { next: s, changed: false };
  return { next: { suspended: false, manual: false, reinstatedAtKnownTruth: knownTruth }, changed: true };
}
