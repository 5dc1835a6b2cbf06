import { blendedReliability, failsHoneypots, honeypotAccuracy, isMaterialChange, nextSuspended, probabilityBelowFloor, suspensionEvidence } from './reliability.math';

const policy = { prior: 0.7, knownTruthHalfWeight: 5 };
const evidence = (hp: number, ok: number, ds: number | null) => ({ honeypotsAnswered: hp, honeypotsCorrect: ok, goldAnswered: 0, goldCorrect: 0, dsReliability: ds });

describe('blended reliability r = α·h + (1 − α)·d, h = c/n, α = n/(n+k)', () => {
  it('no evidence: the prior', () => expect(blendedReliability(evidence(0, 0, null), policy)).toBeCloseTo(0.7, 12));
  it('DS only: the DS reliability', () => expect(blendedReliability(evidence(0, 0, 0.9), policy)).toBeCloseTo(0.9, 12));
  it('hand-checked: 5 honeypots, 4 right, DS 0.8', () => {
    // h = 4/5, α = 5/10 → 0.5·0.8 + 0.5·0.8
    expect(blendedReliability(evidence(5, 4, 0.8), policy)).toBeCloseTo(0.8, 12);
    // h = 5/5 → 0.5·1 + 0.5·0.8
    expect(blendedReliability(evidence(5, 5, 0.8), policy)).toBeCloseTo(0.9, 12);
  });
  it('failed honeypots outweigh agreement with a colluding majority', () => {
    // 6 honeypots all wrong, DS sees a perfect agreer (0.98): h = 0, α = 6/11
    const r = blendedReliability(evidence(6, 0, 0.98), policy);
    expect(r).toBeCloseTo((5 / 11) * 0.98, 12);
    expect(r).toBeLessThan(0.6);
  });
  it('gold answers count as known truth alongside honeypots', () => {
    const withGold = blendedReliability({ ...evidence(2, 2, 0.5), goldAnswered: 3, goldCorrect: 3 }, policy);
    expect(withGold).toBeCloseTo(blendedReliability(evidence(5, 5, 0.5), policy), 12);
  });
  it('one expert verdict moves an unscored annotator in the right direction (from the prior)', () => {
    const gold = (n: number, c: number, ds: number | null) => ({ ...evidence(0, 0, ds), goldAnswered: n, goldCorrect: c });
    expect(blendedReliability(gold(1, 1, null), policy)).toBeCloseTo((1 + 5 * 0.7) / 6, 12); // 0.75 > 0.7
    expect(blendedReliability(gold(1, 0, null), policy)).toBeCloseTo((5 * 0.7) / 6, 12); // 0.583 < 0.7
  });
  it('the suspension rule weighs honeypots and DS, not expert verdicts (a biased sample: only disputed items reach an expert)', () => {
    // A good annotator outvoted on disputed items: 3 of 8 verdicts right, 9 of 10 honeypots, DS 0.8.
    const e = { ...evidence(10, 9, 0.8), goldAnswered: 8, goldCorrect: 3 };
    const rule = suspensionEvidence(e, policy);
    expect(rule.knownTruth).toBe(10);
    expect(rule.reliability).toBeCloseTo(blendedReliability(evidence(10, 9, 0.8), policy), 12); // (9 + 4) / 15 ≈ 0.87
    expect(blendedReliability(e, policy)).toBeLessThan(0.7); // (12 + 4) / 23 ≈ 0.70 with the verdicts
    const strict = { floor: 0.75, minHoneypots: 5, confidence: 0.8, reinstateMargin: 0.05 };
    expect(nextSuspended(false, rule, strict)).toBe(false);
    expect(probabilityBelowFloor(rule, 0.75)).toBeLessThan(0.15);
    // Had the verdicts counted (12 of 18 right, DS 0.8: Beta(16, 7)), more likely below 0.75 than not.
    expect(probabilityBelowFloor({ reliability: blendedReliability(e, policy), knownTruth: 18, alpha: 12 + 5 * 0.8, beta: 6 + 5 * 0.2 }, 0.75)).toBeGreaterThan(0.6);
    // Verdicts alone never count towards the honeypots needed before a suspension.
    expect(suspensionEvidence({ ...evidence(0, 0, 0.3), goldAnswered: 20, goldCorrect: 0 }, policy).knownTruth).toBe(0);
  });
  it('is monotone: each correct known-truth answer raises r, each wrong one lowers it', () => {
    for (const ds of [null, 0.2, 0.5, 0.95]) {
      for (let n = 0; n < 8; n++) {
        for (let c = 0; c <= n; c++) {
          const r = blendedReliability(evidence(n, c, ds), policy);
          expect(blendedReliability(evidence(n + 1, c + 1, ds), policy)).toBeGreaterThan(r);
          expect(blendedReliability(evidence(n + 1, c, ds), policy)).toBeLessThan(r);
        }
      }
    }
  });
  it('stays in [0, 1]', () => {
    expect(blendedReliability(evidence(1000, 1000, 1), policy)).toBeLessThanOrEqual(1);
    expect(blendedReliability(evidence(1000, 0, 0), policy)).toBeGreaterThanOrEqual(0);
  });
});

describe('suspension, publication, honeypot standing', () => {
  const s = { floor: 0.6, minHoneypots: 5, confidence: 0.8, reinstateMargin: 0.02 };
  const ev = (hp: number, ok: number, ds: number) => suspensionEvidence(evidence(hp, ok, ds), policy);
  it('the evidence is the Beta posterior whose mean is the blended reliability', () => {
    const e = ev(8, 5, 0.7);
    expect(e).toMatchObject({ knownTruth: 8, alpha: 5 + 3.5, beta: 3 + 1.5 });
    expect(e.alpha / (e.alpha + e.beta)).toBeCloseTo(e.reliability, 12);
  });
  it('suspends once below the floor with the policy’s confidence, and only with enough honeypots', () => {
    expect(nextSuspended(false, ev(4, 0, 0.5), s)).toBe(false); // too few honeypots
    expect(nextSuspended(false, ev(8, 0, 0.7), s)).toBe(true); // every honeypot failed
    expect(nextSuspended(false, ev(8, 2, 0.5), s)).toBe(true);
    // 4 of 8 at DS 0.75: the estimate (0.596) is under the floor, but nowhere near surely (P ≈ 0.5): no suspension.
    const unsure = ev(8, 4, 0.75);
    expect(unsure.reliability).toBeLessThan(0.6);
    expect(probabilityBelowFloor(unsure, 0.6)).toBeGreaterThan(0.4);
    expect(probabilityBelowFloor(unsure, 0.6)).toBeLessThan(0.8);
    expect(nextSuspended(false, unsure, s)).toBe(false);
    expect(nextSuspended(false, ev(40, 18, 0.75), s)).toBe(true); // under half right on five times the honeypots
    expect(nextSuspended(false, ev(50, 30, 0.6), s)).toBe(false);
  });
  it('lifts a suspension only at floor + margin', () => {
    const at = (reliability: number) => ({ reliability, knownTruth: 10, alpha: reliability * 15, beta: (1 - reliability) * 15 });
    expect(nextSuspended(true, at(0.61), s)).toBe(true);
    expect(nextSuspended(true, at(0.62), s)).toBe(false);
  });
  it('is safe at the edges of the posterior (a perfect or a null Dawid-Skene record)', () => {
    expect(probabilityBelowFloor(ev(10, 10, 1), 0.6)).toBe(0);
    expect(probabilityBelowFloor(ev(10, 0, 0), 0.6)).toBe(1);
  });
  // Sequential looks (the rule runs after every honeypot): how often a steady annotator is ever
  // suspended within 40 honeypots, DS at their true accuracy. The mean rule suspended one right
  // 75 % of the time in about 18 % of projects.
  it('over 40 honeypots, suspends a 0.75 annotator rarely and a random spammer on two classes most of the time', () => {
    const everSuspended = (accuracy: number, confidence: number) => {
      let seed = 7;
      const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
      let suspended = 0;
      for (let run = 0; run < 2000; run++) {
        let ok = 0;
        for (let n = 1; n <= 40; n++) {
          if (random() < accuracy) ok++;
          if (nextSuspended(false, ev(n, ok, accuracy), { ...s, minHoneypots: 8, confidence })) {
            suspended++;
            break;
          }
        }
      }
      return suspended / 2000;
    };
    expect(everSuspended(0.75, 0.8)).toBeLessThan(0.04);
    expect(everSuspended(0.75, 0.5)).toBeGreaterThan(0.08); // the posterior's median: about the rule before
    expect(everSuspended(0.5, 0.8)).toBeGreaterThan(0.8);
  });
  it('publishes a first score, a move of at least delta, or any suspension change', () => {
    expect(isMaterialChange(null, 0.7, 0.02, false)).toBe(true);
    expect(isMaterialChange(0.7, 0.715, 0.02, false)).toBe(false);
    expect(isMaterialChange(0.7, 0.72, 0.02, false)).toBe(true);
    expect(isMaterialChange(0.7, 0.7, 0.02, true)).toBe(true);
  });
  it('fails honeypots below the floor with enough of them', () => {
    expect(failsHoneypots(5, 2, 0.6, 5)).toBe(true);
    expect(failsHoneypots(4, 0, 0.6, 5)).toBe(false);
    expect(failsHoneypots(5, 3, 0.6, 5)).toBe(false);
  });
  it('honeypot accuracy comes with a Wilson interval', () => {
    expect(honeypotAccuracy(0, 0)).toBeNull();
    const a = honeypotAccuracy(10, 8)!;
    expect(a.accuracy).toBe(0.8);
    expect(a.low).toBeCloseTo(0.4902, 3);
    expect(a.high).toBeCloseTo(0.9433, 3);
  });
});
