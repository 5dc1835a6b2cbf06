import { correctedCredit } from './local.model';
import { checkedCredit, heldOutCredit, labelsToCheck, type LabelCheckState } from './label-check.policy';

/**
 * The expected credit of an answer under the check rule, by enumerating the process itself: the
 * label is the truth with probability c, else one of the other classes uniformly; a label the
 * model disagrees with is replaced by a verdict, right with probability c2 (else uniform).
 */
function expectedCredit(modelRight: boolean, c: number, c2: number, k: number): { mean: number; variance: number } {
  const truth = 0;
  const model = modelRight ? truth : 1;
  const p = (label: number, conf: number) => (label === truth ? conf : (1 - conf) / (k - 1));
  let mean = 0;
  let square = 0;
  for (let label = 0; label < k; label++) {
    if (label === model) {
      const x = checkedCredit(true, c, c2, k);
      mean += p(label, c) * x;
      square += p(label, c) * x * x;
      continue;
    }
    for (let verdict = 0; verdict < k; verdict++) {
      const x = checkedCredit(verdict === model, c, c2, k);
      const w = p(label, c) * p(verdict, c2);
      mean += w * x;
      square += w * x * x;
    }
  }
  return { mean, variance: square - mean * mean };
}

describe('label checks: what a held-out answer counts for', () => {
  it.each([
    [2, 0.9, 0.9],
    [2, 0.8, 0.95],
    [3, 0.85, 0.9],
    [5, 0.75, 0.8],
  ])('the two-stage credit is unbiased (K = %i, c = %f, c2 = %f): 1 for a right answer, 0 for a wrong one', (k, c, c2) => {
    expect(expectedCredit(true, c, c2, k).mean).toBeCloseTo(1, 10);
    expect(expectedCredit(false, c, c2, k).mean).toBeCloseTo(0, 10);
  });

  it('a right answer is credited with far less noise than against the unchecked label', () => {
    const c = 0.9;
    const single = c * correctedCredit(true, c, 2) ** 2 + (1 - c) * correctedCredit(false, c, 2) ** 2 - 1;
    const checked = expectedCredit(true, c, 0.9, 2).variance;
    // 0.14 against 0.016: the coin of agreement moves from 0.9 to 0.99.
    expect(single).toBeCloseTo(0.140625, 6);
    expect(checked).toBeLessThan(single / 8);
  });

  it('a certain label (gold, never checked) counts 1 or 0', () => {
    const single = (agrees: boolean, c: number, k: number) => correctedCredit(agrees, c, k);
    expect(heldOutCredit(true, 1, { kind: 'none' }, 0.9, 2, single)).toBeCloseTo(1, 12);
    expect(heldOutCredit(false, 1, { kind: 'none' }, 0.9, 2, single)).toBe(0);
  });

  describe('which credit an answer gets', () => {
    const single = (agrees: boolean, c: number, k: number) => correctedCredit(agrees, c, k);
    const none: LabelCheckState = { kind: 'none' };

    it('answered: two-stage, with the checked label confidence and the verdict confidence', () => {
      const answered: LabelCheckState = { kind: 'answered', originalConfidence: 0.8, verdictConfidence: 0.95 };
      // The label's own confidence does not enter: a confirming verdict leaves the label (and its confidence) as it was.
      expect(heldOutCredit(true, 0.8, answered, null, 2, single)).toBe(checkedCredit(true, 0.8, 0.95, 2));
      expect(heldOutCredit(false, 0.8, answered, 0.9, 2, single)).toBe(checkedCredit(false, 0.8, 0.95, 2));
    });

    it('never checked and agreeing: two-stage once checks are answered, single-stage before', () => {
      expect(heldOutCredit(true, 0.9, none, 0.92, 2, single)).toBe(checkedCredit(true, 0.9, 0.92, 2));
      expect(heldOutCredit(true, 0.9, none, null, 2, single)).toBe(correctedCredit(true, 0.9, 2));
    });

    it('a disagreement not yet checked, or a check pending: single-stage', () => {
      expect(heldOutCredit(false, 0.9, none, 0.92, 2, single)).toBe(correctedCredit(false, 0.9, 2));
      expect(heldOutCredit(true, 0.9, { kind: 'pending' }, 0.92, 2, single)).toBe(correctedCredit(true, 0.9, 2));
      expect(heldOutCredit(false, 0.9, { kind: 'pending' }, 0.92, 2, single)).toBe(correctedCredit(false, 0.9, 2));
    });
  });

  describe('which labels are checked', () => {
    const labels = [
      { label: 'spam', gold: false, state: { kind: 'none' } as LabelCheckState },
      { label: 'spam', gold: true, state: { kind: 'none' } as LabelCheckState },
      { label: 'ham', gold: false, state: { kind: 'pending' } as LabelCheckState },
      { label: 'ham', gold: false, state: { kind: 'none' } as LabelCheckState },
      { label: 'ham', gold: false, state: { kind: 'none' } as LabelCheckState },
      { label: 'spam', gold: false, state: { kind: 'none' } as LabelCheckState },
    ];
    const outOfFold = [
      { index: 0, label: 'ham', confidence: 0.7 },
      { index: 1, label: 'ham', confidence: 0.99 },
      { index: 2, label: 'spam', confidence: 0.98 },
      { index: 3, label: 'ham', confidence: 0.99 },
      { index: 4, label: 'spam', confidence: 0.9 },
      { index: 5, label: 'ham', confidence: 0.95 },
    ];

    it('disagreements never checked and not gold, the most confident first', () => {
      expect(labelsToCheck(outOfFold, labels, 10).map((c) => c.index)).toEqual([5, 4, 0]);
    });

    it('at most the cap; none at 0', () => {
      expect(labelsToCheck(outOfFold, labels, 2).map((c) => c.index)).toEqual([5, 4]);
      expect(labelsToCheck(outOfFold, labels, 0)).toEqual([]);
    });
  });
});
