import { uuidv7, uuidv7Sequence } from '@verity/contracts';
import { honeypotCopyIds, isBlindControlTurn, isHoneypotTurn, uuidv7Millis } from './honeypot.scheduler';

describe('isHoneypotTurn', () => {
  it('is deterministic per seed, project, annotator and counter', () => {
    const a = Array.from({ length: 200 }, (_, n) => isHoneypotTurn('seed-1', 'p', 'u', n, 0.2));
    const b = Array.from({ length: 200 }, (_, n) => isHoneypotTurn('seed-1', 'p', 'u', n, 0.2));
    const c = Array.from({ length: 200 }, (_, n) => isHoneypotTurn('seed-2', 'p', 'u', n, 0.2));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it.each([0.05, 0.2, 0.5])('serves close to the rate %p over many leases and annotators', (rate) => {
    let hits = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) if (isHoneypotTurn('s', 'p', `u${i % 7}`, Math.floor(i / 7), rate)) hits++;
    expect(Math.abs(hits / n - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / n));
  });

  it('has no fixed period an annotator could learn', () => {
    const hits = Array.from({ length: 500 }, (_, n) => isHoneypotTurn('s', 'p', 'u', n, 0.2));
    const gaps = new Set<number>();
    let last = -1;
    hits.forEach((h, i) => {
      if (h) {
        if (last >= 0) gaps.add(i - last);
        last = i;
      }
    });
    expect(gaps.size).toBeGreaterThan(5);
  });

  it('handles the edges', () => {
    expect(isHoneypotTurn('s', 'p', 'u', 1, 0)).toBe(false);
    expect(isHoneypotTurn('s', 'p', 'u', 1, 1)).toBe(true);
    expect(isHoneypotTurn('s', 'p', 'u', 1, Number.NaN)).toBe(false);
  });
});

describe('honeypotCopyIds', () => {
  it("carry the displaced task's and item's timestamps and counters within 16 steps of theirs, fresh each time", () => {
    const itemId = uuidv7(Date.now() + 400_000);
    const taskId = uuidv7(Date.now() + 400_250);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const copy = honeypotCopyIds({ taskId, itemId });
      expect(uuidv7Millis(copy.taskId)).toBe(uuidv7Millis(taskId));
      expect(uuidv7Millis(copy.itemId)).toBe(uuidv7Millis(itemId));
      for (const [mine, theirs] of [[copy.taskId, taskId], [copy.itemId, itemId]] as const) {
        const d = Math.abs(uuidv7Sequence(mine) - uuidv7Sequence(theirs));
        expect(d).toBeGreaterThanOrEqual(1);
        expect(d).toBeLessThanOrEqual(16);
      }
      seen.add(copy.taskId).add(copy.itemId);
    }
    expect(seen.size).toBe(4000);
    expect(uuidv7Millis('not-a-uuid')).toBeNull();
    const odd = honeypotCopyIds({ taskId, itemId: 'external-42' });
    expect(uuidv7Millis(odd.itemId)).toBe(uuidv7Millis(taskId));
  });
});

describe('isBlindControlTurn', () => {
  it('withholds drafts on a share of real leases such that blind controls are blindRate of all leases', () => {
    const n = 40000;
    let honeypots = 0;
    let blind = 0;
    for (let i = 0; i < n; i++) {
      if (isHoneypotTurn('seed', 'p', 'u', i, 0.2)) honeypots++;
      else if (isBlindControlTurn('seed', 'p', 'u', i, 0.3, 0.2)) blind++;
    }
    // Bernoulli: 3 sigma over 40,000 leases is about 0.007.
    expect(Math.abs(honeypots / n - 0.2)).toBeLessThan(0.008);
    expect(Math.abs(blind / n - 0.3)).toBeLessThan(0.008);
  });

  it('handles the edges', () => {
    expect(isBlindControlTurn('s', 'p', 'u', 1, 0, 0.2)).toBe(false);
    expect(isBlindControlTurn('s', 'p', 'u', 1, 0.9, 0.2)).toBe(true);
    expect(isBlindControlTurn('s', 'p', 'u', 1, 0.5, 1)).toBe(true);
    expect(isBlindControlTurn('s', 'p', 'u', 1, Number.NaN, 0)).toBe(false);
  });
});
