import { autoAcceptSeries, labelLatency, newLabelIndices, percentile, sameLabelsDelta } from './model-loop.policy';
import { trainLocalModel } from './local.model';
import { TextClassifier } from './text.classifier';

describe('percentile (type 7, as PostgreSQL percentile_cont)', () => {
  it('median of an odd and an even count; interpolated p90', () => {
    expect(percentile([5, 1, 3], 0.5)).toBe(3);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5); // mean of the two middle values
    // 1..10: h = 9·0.9 = 8.1 → 9 + 0.1·(10 − 9)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('label → model latency', () => {
  it('p50 / p90 of trained-at minus decided-at, unknown times left out, skew clamped at 0', () => {
    const trainedAt = new Date('2026-01-01T01:00:00Z');
    const at = (minutesBefore: number) => new Date(trainedAt.getTime() - minutesBefore * 60000);
    const l = labelLatency([at(10), at(20), null, at(30), at(40), new Date(trainedAt.getTime() + 5000)], trainedAt);
    // latencies 10, 20, 30, 40 min and 0 (clock skew): sorted 0, 10, 20, 30, 40 min
    expect(l.labels).toBe(5);
    expect(l.p50).toBe(20 * 60000);
    expect(l.p90).toBeCloseTo(36 * 60000, 6); // h = 4·0.9 = 3.6 → 30 + 0.6·10
    expect(labelLatency([null], trainedAt)).toEqual({ labels: 0, p50: null, p90: null });
  });

  it('new labels: first received after the previous version’s cutoff; all of them for a first version', () => {
    const cutoff = new Date('2026-01-01T00:00:00Z');
    const t = [new Date('2025-12-31T23:59:59Z'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:01Z')];
    expect(newLabelIndices(t, cutoff)).toEqual([2]); // equal to the cutoff: possibly seen
    expect(newLabelIndices(t, null)).toEqual([0, 1, 2]);
  });
});

describe('delta over the previous version on the same labels', () => {
  it('both accuracies on exactly the same labels and their difference', () => {
    const truth = ['a', 'a', 'b', 'b', 'a'];
    const current = ['a', 'a', 'b', 'a', 'a']; // 4/5
    const previous = ['a', 'b', 'a', 'a', 'a']; // 2/5
    expect(sameLabelsDelta(truth, current, previous, 3)).toEqual({
      previousVersion: 3,
      on: 'labels_new_since_previous',
      labels: 5,
      correct: 4,
      previousCorrect: 2,
      accuracy: 0.8,
      previousAccuracy: 0.4,
      delta: 0.8 - 0.4,
    });
  });

  it('no labels: no accuracies, no delta; mismatched lengths are refused', () => {
    expect(sameLabelsDelta([], [], [], 1)).toMatchObject({ labels: 0, accuracy: null, previousAccuracy: null, delta: null });
    expect(() => sameLabelsDelta(['a'], [], ['a'], 1)).toThrow(RangeError);
  });

  it('out-of-fold predictions: one per example, by its position, from a fold model that never saw it', () => {
    const words = ['buy cheap pills now', 'win money click here', 'great video thanks', 'nice song love it'];
    const examples = Array.from({ length: 40 }, (_, i) => ({ text: `${words[i % 4]} ${i}`, label: i % 4 < 2 ? 'spam' : 'ham' }));
    const t = trainLocalModel(examples, ['ham', 'spam'], { folds: 5, targetPrecision: null, minSupport: 5 });
    expect(t.outOfFold.map((o) => o.index).sort((a, b) => a - b)).toEqual(examples.map((_, i) => i));
    // Same number and order of held-out pairs as the calibration uses.
    expect(t.outOfFold.map((o) => o.label === examples[o.index]!.label)).toEqual(t.pairs.map((p) => p.correct));
    expect(t.outOfFold.map((o) => o.confidence)).toEqual(t.pairs.map((p) => p.confidence));
    // The previous version, trained on the first half, scored on the second half with the new one's out-of-fold answers.
    const previous = TextClassifier.train(examples.slice(0, 20), ['ham', 'spam']);
    const fresh = examples.map((_, i) => i).filter((i) => i >= 20);
    const oof = new Map(t.outOfFold.map((o) => [o.index, o.label]));
    const d = sameLabelsDelta(fresh.map((i) => examples[i]!.label), fresh.map((i) => oof.get(i)!), fresh.map((i) => previous.predict(examples[i]!.text).label), 1);
    expect(d.labels).toBe(20);
    expect(d.accuracy).toBeGreaterThan(0.9);
    expect(d.previousAccuracy).toBeGreaterThan(0.9);
  });
});

describe('auto-accept share over time', () => {
  it('auto-accepted ÷ all routed per question and bucket, the buckets in the order given; audits are not auto-accepted', () => {
    const starts = [new Date('2026-01-02T00:00:00Z'), new Date('2026-01-01T00:00:00Z')];
    const out = autoAcceptSeries(
      [
        { questionId: 'spam', bucket: 0, route: 'auto_accept', n: 6 },
        { questionId: 'spam', bucket: 0, route: 'audit', n: 1 },
        { questionId: 'spam', bucket: 0, route: 'human_with_draft', n: 3 },
        { questionId: 'spam', bucket: 1, route: 'human_without_draft', n: 8 },
        { questionId: 'lang', bucket: 1, route: 'auto_accept', n: 2 },
      ],
      starts,
    );
    expect(out).toEqual([
      { questionId: 'lang', at: '2026-01-02T00:00:00.000Z', routed: 0, autoAccepted: 0, audited: 0, humanWithDraft: 0, humanWithoutDraft: 0, share: null },
      { questionId: 'lang', at: '2026-01-01T00:00:00.000Z', routed: 2, autoAccepted: 2, audited: 0, humanWithDraft: 0, humanWithoutDraft: 0, share: 1 },
      { questionId: 'spam', at: '2026-01-02T00:00:00.000Z', routed: 10, autoAccepted: 6, audited: 1, humanWithDraft: 3, humanWithoutDraft: 0, share: 0.6 },
      { questionId: 'spam', at: '2026-01-01T00:00:00.000Z', routed: 8, autoAccepted: 0, audited: 0, humanWithDraft: 0, humanWithoutDraft: 8, share: 0 },
    ]);
  });
});
