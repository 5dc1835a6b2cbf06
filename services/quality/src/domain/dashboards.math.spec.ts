import { buildAnswers, drift } from '@verity/label-science';
import { answersPerItem, questionDrift, type DriftRow } from './dashboards.math';

// Rows of `tasks` tasks, each answered by three annotators, in window `window` (0 = latest).
const rows = (window: number, tasks: number, label: (t: number, a: number) => string, prefix = `w${window}`): DriftRow[] =>
  Array.from({ length: tasks }, (_, t) => ['a', 'b', 'c'].map((annotatorId, a) => ({ taskId: `${prefix}-t${t}`, annotatorId, key: label(t, a), window }))).flat();

describe('drift alarms per question', () => {
  it('one label-distribution and one agreement comparison per window, the latest first, each against the window before', () => {
    const data = [...rows(0, 10, () => 'x'), ...rows(1, 10, () => 'x'), ...rows(2, 10, () => 'x')];
    const out = questionDrift(data, 2, { alpha: 0.05, choice: true });
    expect(out.map((c) => [c.window, c.test])).toEqual([
      [0, 'label_distribution'],
      [0, 'agreement'],
      [1, 'label_distribution'],
      [1, 'agreement'],
    ]);
    for (const c of out) expect(c.threshold).toBe(0.05);
  });

  it('a label distribution that flips raises the alarm, with the statistics label-science computes', () => {
    // Window 1: mostly "ham"; window 0 (latest): mostly "spam". Agreement is high in both.
    const before = rows(1, 30, (t) => (t < 27 ? 'ham' : 'spam'));
    const after = rows(0, 30, (t) => (t < 27 ? 'spam' : 'ham'));
    const out = questionDrift([...after, ...before], 1, { alpha: 0.05, choice: true });
    const dist = out.find((c) => c.test === 'label_distribution')!;
    expect(dist.alarm).toBe(true);
    // The same test run directly: window 1 is chronological window 0, window 0 is window 1.
    const lib = drift(
      buildAnswers([...before, ...after].map((r) => ({ item: r.taskId, worker: r.annotatorId, label: r.key, time: 1 - r.window }))),
      { windowSize: 1, start: 0, alpha: 0.05 },
    );
    const expected = lib[1]!.distributionChange!;
    expect(expected.defined).toBe(true);
    if (expected.defined) {
      expect(dist.statistic).toBeCloseTo(expected.value.statistic, 12);
      expect(dist.pValue).toBeCloseTo(expected.value.pValue, 12);
      expect(dist.pValue!).toBeLessThan(0.05);
    }
    const agreement = out.find((c) => c.test === 'agreement')!;
    expect(agreement.alarm).toBe(false); // unanimous tasks in both windows
  });

  it('falling agreement raises the agreement alarm (z-test of per-task agreement)', () => {
    const before = rows(1, 20, () => 'x');
    const after = rows(0, 20, (t, a) => (t % 2 === 0 ? 'x' : ['x', 'y', 'z'][a]!));
    const out = questionDrift([...after, ...before], 1, { alpha: 0.05, choice: true });
    const agreement = out.find((c) => c.test === 'agreement')!;
    expect(agreement.alarm).toBe(true);
    expect(agreement.statistic!).toBeLessThan(0); // agreement went down
  });

  it('no alarm without data, with a reason; free-text questions get no distribution test', () => {
    const empty = questionDrift([], 2, { alpha: 0.05, choice: true });
    expect(empty).toHaveLength(4);
    for (const c of empty) expect(c).toMatchObject({ alarm: false, statistic: null, pValue: null, reason: expect.any(String) });
    const text = questionDrift([...rows(0, 5, () => 'hello'), ...rows(1, 5, () => 'bye')], 1, { alpha: 0.05, choice: false });
    expect(text.find((c) => c.test === 'label_distribution')).toMatchObject({ alarm: false, statistic: null, reason: 'not a choice question' });
  });

  it('windows after the last answer have no comparison (reason), earlier ones do', () => {
    const out = questionDrift([...rows(2, 5, () => 'x'), ...rows(3, 5, () => 'x')], 3, { alpha: 0.05, choice: true });
    expect(out.filter((c) => c.window === 0 || c.window === 1).every((c) => c.statistic === null && c.reason)).toBe(true);
    expect(out.find((c) => c.window === 2 && c.test === 'agreement')).toMatchObject({ alarm: false, statistic: 0, pValue: 1 });
    expect(out.find((c) => c.window === 2 && c.test === 'label_distribution')!.reason).toBe('only one class present'); // label-science's reason
  });
});

describe('human answers per item over time', () => {
  it('answers ÷ finalized items per window, null without items, in the order of the windows', () => {
    const starts = [new Date('2026-01-03T00:00:00Z'), new Date('2026-01-02T00:00:00Z'), new Date('2026-01-01T00:00:00Z')];
    const out = answersPerItem(
      [
        { window: 0, items: 10, answers: 4 }, // mostly auto-accepted
        { window: 2, items: 5, answers: 15 }, // humans only
      ],
      starts,
    );
    expect(out).toEqual([
      { at: '2026-01-03T00:00:00.000Z', answers: 4, items: 10, ratio: 0.4 },
      { at: '2026-01-02T00:00:00.000Z', answers: 0, items: 0, ratio: null },
      { at: '2026-01-01T00:00:00.000Z', answers: 15, items: 5, ratio: 3 },
    ]);
  });
});
