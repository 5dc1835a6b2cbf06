import { AdjudicationReason } from '@verity/contracts';
import { canClaim, compareQueue, isClaimLive, pickNext, priorityOf, type QueueEntry } from './queue.policy';

const now = new Date('2025-06-01T12:00:00Z');
const at = (min: number) => new Date(now.getTime() + min * 60_000);
const entry = (id: string, over: Partial<QueueEntry> = {}): QueueEntry => ({
  requestId: id,
  state: 'open',
  priority: 30,
  requestedAt: at(-60),
  claimedBy: null,
  leaseExpiresAt: null,
  answererIds: [],
  ...over,
});

describe('queue order and the claim rule', () => {
  it('priority is the most urgent reason: honeypot > low agreement > low posterior > machine disagreement', () => {
    expect(priorityOf([AdjudicationReason.HONEYPOT_FAILURE])).toBeGreaterThan(priorityOf([AdjudicationReason.LOW_AGREEMENT]));
    expect(priorityOf([AdjudicationReason.LOW_AGREEMENT])).toBeGreaterThan(priorityOf([AdjudicationReason.LOW_POSTERIOR]));
    expect(priorityOf([AdjudicationReason.LOW_POSTERIOR])).toBeGreaterThan(priorityOf([AdjudicationReason.MACHINE_DISAGREEMENT]));
    expect(priorityOf([AdjudicationReason.MACHINE_DISAGREEMENT, AdjudicationReason.HONEYPOT_FAILURE])).toBe(priorityOf([AdjudicationReason.HONEYPOT_FAILURE]));
    expect(priorityOf([99 as AdjudicationReason])).toBe(0);
  });

  it('orders by priority, then oldest first, then id', () => {
    const list = [
      entry('c', { priority: 20, requestedAt: at(-100) }),
      entry('b', { priority: 30, requestedAt: at(-10) }),
      entry('a', { priority: 30, requestedAt: at(-50) }),
      entry('d', { priority: 30, requestedAt: at(-50) }),
      entry('e', { priority: 40, requestedAt: at(-1) }),
    ].sort(compareQueue);
    expect(list.map((e) => e.requestId)).toEqual(['e', 'a', 'd', 'b', 'c']);
  });

  it('a live claim of someone else blocks; an expired one does not', () => {
    const held = entry('x', { claimedBy: 'ann', leaseExpiresAt: at(5) });
    const expired = entry('y', { claimedBy: 'ann', leaseExpiresAt: at(-1) });
    expect(isClaimLive(held, now)).toBe(true);
    expect(canClaim(held, 'bob', 'open', now)).toBe(false);
    expect(canClaim(held, 'ann', 'open', now)).toBe(true);
    expect(isClaimLive(expired, now)).toBe(false);
    expect(canClaim(expired, 'bob', 'open', now)).toBe(true);
  });

  it('nobody claims from the wrong queue or adjudicates their own answer', () => {
    expect(canClaim(entry('x', { state: 'escalated' }), 'bob', 'open', now)).toBe(false);
    expect(canClaim(entry('x', { state: 'escalated' }), 'pm', 'escalated', now)).toBe(true);
    expect(canClaim(entry('x', { state: 'decided' }), 'bob', 'open', now)).toBe(false);
    expect(canClaim(entry('x', { answererIds: ['bob'] }), 'bob', 'open', now)).toBe(false);
  });

  it("next gives the caller's own live claim first, then the first free request; two experts get different ones", () => {
    const q = [entry('old', { requestedAt: at(-90) }), entry('new', { requestedAt: at(-5) }), entry('mine', { requestedAt: at(-1), claimedBy: 'bob', leaseExpiresAt: at(10) })];
    expect(pickNext(q, 'bob', 'open', now)?.requestId).toBe('mine');
    const first = pickNext(q, 'ann', 'open', now)!;
    expect(first.requestId).toBe('old');
    first.claimedBy = 'ann';
    first.leaseExpiresAt = at(15);
    expect(pickNext(q, 'carl', 'open', now)?.requestId).toBe('new');
    expect(pickNext([entry('z', { claimedBy: 'ann', leaseExpiresAt: at(1) })], 'carl', 'open', now)).toBeNull();
  });
});
