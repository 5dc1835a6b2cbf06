import { featurize } from './text.features';

const norm = (x: Map<number, number>) => Math.sqrt([...x.values()].reduce((s, v) => s + v * v, 0));

describe('text features', () => {
  it('set 2 sees punctuation and what joins words; set 1 saw only the words', () => {
    expect([...featurize('free gift!!!', 1)]).toEqual([...featurize('free gift', 1)]);
    expect([...featurize('free gift!!!', 2)]).not.toEqual([...featurize('free gift', 2)]);
    // What joins two words: one n-gram spans the boundary in set 2 ("o-a" against "o a").
    expect([...featurize('check out my video-awesome', 1)]).toEqual([...featurize('check out my video awesome', 1)]);
    expect([...featurize('check out my video-awesome', 2)]).not.toEqual([...featurize('check out my video awesome', 2)]);
  });

  it('set 2 counts a feature as present or not; set 1 log-scaled repeats', () => {
    const twice = featurize('subscribe subscribe', 2);
    expect(new Set([...twice.values()].map((v) => v.toFixed(12))).size).toBe(1);
    expect(new Set([...featurize('subscribe subscribe', 1).values()].map((v) => v.toFixed(12))).size).toBeGreaterThan(1);
  });

  it('is L2-normalised in both sets', () => {
    for (const set of [1, 2] as const) expect(norm(featurize('Check out my channel: http://x.example ♥', set))).toBeCloseTo(1, 12);
  });
});
