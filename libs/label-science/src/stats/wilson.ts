import { type Defined, defined, undefinedBecause } from '../defined';

export interface Proportion {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly successes: number;
  readonly trials: number;
}

/** Wilson score interval for a binomial proportion (z = 1.96 → 95 %). */
export function wilsonInterval(successes: number, trials: number, z = 1.96): Defined<Proportion> {
  if (trials <= 0) return undefinedBecause('no trials');
  if (successes < 0 || successes > trials)
    throw new RangeError(`successes ${successes} outside 0..${trials}`);
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return defined({
    estimate: p,
    // At 0 or n successes the bound is exactly 0 or 1; rounding would otherwise leave 1 − ε.
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
    successes,
    trials,
  });
}
