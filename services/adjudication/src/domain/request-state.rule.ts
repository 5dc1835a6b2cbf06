import type { Capabilities } from './access.rule';
import { isClaimLive, type RequestState } from './queue.policy';

/**
 * The life of a request:
 *
 *   open ──verdict (expert)──────────────▶ decided
 *     │                                      ▲
 *     └─escalate (expert)─▶ escalated ──verdict (project manager)
 *
 * "Claimed" is not a state: a claim is a lease on an open or escalated request that expires by
 * itself. Decided is final (gold confirmation is recorded on the verdict, not a new state).
 */

export type Action = 'claim' | 'verdict' | 'escalate';
export type Tier = 'expert' | 'project_manager';

export interface RequestSnapshot {
  state: RequestState;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  answererIds: string[];
}

export type TransitionResult =
  | { ok: true; next: RequestState; tier: Tier }
  | { ok: false; status: 403 | 409; reason: string };

/** Which tier acts on a request in this state. */
export function tierOf(state: RequestState): Tier | null {
  return state === 'open' ? 'expert' : state === 'escalated' ? 'project_manager' : null;
}

export function transition(req: RequestSnapshot, action: Action, caller: { userId: string; caps: Capabilities }, now: Date): TransitionResult {
  if (req.state === 'decided') return { ok: false, status: 409, reason: 'the request is already decided' };
  const tier = tierOf(req.state)!;
  if (tier === 'expert' && !caller.caps.expert) {
    return { ok: false, status: 403, reason: 'open requests are decided by quality analysts' };
  }
  if (tier === 'project_manager' && !caller.caps.manager) {
    return { ok: false, status: 403, reason: 'escalated requests are decided by project managers' };
  }
  if (req.answererIds.includes(caller.userId)) {
    return { ok: false, status: 403, reason: 'you answered this task yourself and cannot adjudicate it' };
  }
  if (isClaimLive(req, now) && req.claimedBy !== caller.userId) {
    return { ok: false, status: 409, reason: `the request is claimed by another adjudicator until ${req.leaseExpiresAt!.toISOString()}` };
  }
  switch (action) {
    case 'claim':
      return { ok: true, next: req.state, tier };
    case 'verdict':
      return { ok: true, next: 'decided', tier };
    case 'escalate':
      if (req.state === 'escalated') {
        return { ok: false, status: 409, reason: 'the request is already escalated: the project manager decides it' };
      }
      return { ok: true, next: 'escalated', tier };
  }
}

export interface GoldSnapshot {
  goldCandidate: boolean;
  goldConfirmedAt: Date | null;
}

/** Gold confirmation: a project manager, on a decided request whose verdict proposed gold, once. */
export function goldConfirmation(state: RequestState, verdict: GoldSnapshot | null, caps: Capabilities): { ok: true } | { ok: false; status: 403 | 409; reason: string } {
  if (!caps.manager) return { ok: false, status: 403, reason: 'gold is confirmed by project managers' };
  if (state !== 'decided' || !verdict) return { ok: false, status: 409, reason: 'the request has no verdict yet' };
  if (!verdict.goldCandidate) return { ok: false, status: 409, reason: 'the verdict did not propose the item as a gold candidate' };
  if (verdict.goldConfirmedAt) return { ok: false, status: 409, reason: `gold was already confirmed at ${verdict.goldConfirmedAt.toISOString()}` };
  return { ok: true };
}
