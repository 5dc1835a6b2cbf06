import { automaticSuspension, manualReinstate, manualSuspend, type SuspensionState } from './manual-suspension.rule';

const policy = { floor: 0.6, minHoneypots: 5, confidence: 0.8, reinstateMargin: 0.02 };
/** Evidence with posterior mean `reliability` on `knownTruth` honeypots (half weight 5). */
const ev = (reliability: number, knownTruth: number) => ({ reliability, knownTruth, alpha: reliability * (knownTruth + 5), beta: (1 - reliability) * (knownTruth + 5) });
const free: SuspensionState = { suspended: false, manual: false, reinstatedAtKnownTruth: null };

describe('manual suspension and the automatic rule', () => {
  it('the automatic rule alone: suspended below the floor with enough known truth, lifted at floor + margin', () => {
    expect(automaticSuspension(free, ev(0.4, 6), policy)).toEqual({ suspended: true, manual: false, reinstatedAtKnownTruth: null });
    expect(automaticSuspension(free, ev(0.4, 4), policy)).toBe(free); // too little evidence
    const auto = { suspended: true, manual: false, reinstatedAtKnownTruth: null };
    expect(automaticSuspension(auto, ev(0.61, 10), policy).suspended).toBe(true); // inside the margin
    expect(automaticSuspension(auto, ev(0.63, 10), policy).suspended).toBe(false);
  });

  it('a manual suspension is never lifted by the rule, however good the reliability', () => {
    const { next, changed } = manualSuspend(free);
    expect(changed).toBe(true);
    expect(next).toEqual({ suspended: true, manual: true, reinstatedAtKnownTruth: null });
    expect(automaticSuspension(next, ev(0.99, 100), policy)).toBe(next);
  });

  it('suspending is idempotent; an automatic suspension becomes manual without a state change', () => {
    const manual = manualSuspend(free).next;
    expect(manualSuspend(manual)).toEqual({ next: manual, changed: false });
    const auto = { suspended: true, manual: false, reinstatedAtKnownTruth: null };
    expect(manualSuspend(auto)).toEqual({ next: manual, changed: false });
  });

  it('a manual reinstatement holds until newer known-truth evidence, then the rule applies again', () => {
    const auto = { suspended: true, manual: false, reinstatedAtKnownTruth: null };
    const { next, changed } = manualReinstate(auto, 8);
    expect(changed).toBe(true);
    expect(next).toEqual({ suspended: false, manual: false, reinstatedAtKnownTruth: 8 });
    // Same evidence (a DS refit, agreement): still below the floor, but no new known truth → stays reinstated.
    expect(automaticSuspension(next, ev(0.3, 8), policy)).toBe(next);
    // A new failed honeypot: the rule suspends again, and the reinstatement marker is gone.
    expect(automaticSuspension(next, ev(0.3, 9), policy)).toEqual({ suspended: true, manual: false, reinstatedAtKnownTruth: null });
    // New evidence but above the floor: stays reinstated.
    expect(automaticSuspension(next, ev(0.8, 9), policy).suspended).toBe(false);
  });

  it('reinstating someone not suspended changes nothing', () => {
    expect(manualReinstate(free, 3)).toEqual({ next: free, changed: false });
  });
});
