/** Active-learning selection strategies (projects.v1 SamplingStrategy, in words). */
export type Strategy = 'least_confidence' | 'margin' | 'entropy' | 'random';

/**
 * Informativeness of one prediction: higher = label it sooner.
 * least_confidence: 1 − p_max · margin: 1 − (p_1 − p_2) · entropy: −Σ p log p / log k (in [0, 1]).
 * Scores are renormalised to sum to 1 first (deployed models may send unnormalised scores).
 */
export function uncertainty(scores: number[], strategy: Strategy, random: () => number = Math.random): number {
  if (strategy === 'random') return random();
  const clean = scores.map((s) => (Number.isFinite(s) && s > 0 ? s : 0));
  const sum = clean.reduce((a, b) => a + b, 0);
  if (clean.length < 2 || sum <= 0) return 1;
  const p = clean.map((s) => s / sum).sort((a, b) => b - a);
  switch (strategy) {
    case 'least_confidence':
      return 1 - p[0]!;
    case 'margin':
      return 1 - (p[0]! - p[1]!);
    case 'entropy': {
      let h = 0;
      for (const x of p) if (x > 0) h -= x * Math.log(x);
      return h / Math.log(p.length);
    }
  }
}

/** The `budget` most informative candidates, most informative first (ties: earlier first). */
export function selectMostInformative<T extends { uncertainty: number }>(candidates: T[], budget: number): T[] {
  if (budget <= 0) return [];
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.uncertainty - a.c.uncertainty || a.i - b.i)
    .slice(0, budget)
    .map((x) => x.c);
}
