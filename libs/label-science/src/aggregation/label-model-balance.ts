/** Class shares searched within [LO, HI]: a class is never ruled out, nor made certain. */
const LO = 0.025;
const HI = 0.975;
const GRID_STEP = 0.05;
const GOLDEN_WIDTH = 0.005;
const INV_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * Maximises `score(π)` over two-class balances: the share of class 1 on a coarse grid, then
 * refined by golden section around the best grid point. Deterministic; ties keep the smaller
 * share.
 */
export function maximiseOverBinaryBalance(score: (pi: Float64Array) => number): Float64Array {
  return bestAlong(Float64Array.of(0.5, 0.5), 1, score);
}

function withShare(pi: Float64Array, y: number, t: number): Float64Array {
  const rest = 1 - pi[y];
  const out = new Float64Array(pi.length);
  for (let z = 0; z < pi.length; z++) {
    out[z] = z === y ? t : rest > 0 ? (pi[z] * (1 - t)) / rest : (1 - t) / (pi.length - 1);
  }
  return out;
}

function bestAlong(
  pi: Float64Array,
  y: number,
  score: (pi: Float64Array) => number,
): Float64Array {
  const at = (t: number) => score(withShare(pi, y, t));
  let bestT = LO;
  let bestS = -Infinity;
  for (let t = LO; t <= HI + 1e-12; t += GRID_STEP) {
    const s = at(t);
    if (s > bestS) {
      bestS = s;
      bestT = t;
    }
  }
  let lo = Math.max(LO, bestT - GRID_STEP);
  let hi = Math.min(HI, bestT + GRID_STEP);
  let x1 = hi - INV_PHI * (hi - lo);
  let x2 = lo + INV_PHI * (hi - lo);
  let s1 = at(x1);
  let s2 = at(x2);
  while (hi - lo > GOLDEN_WIDTH) {
    if (s1 >= s2) {
      hi = x2;
      x2 = x1;
      s2 = s1;
      x1 = hi - INV_PHI * (hi - lo);
      s1 = at(x1);
    } else {
      lo = x1;
      x1 = x2;
      s1 = s2;
      x2 = lo + INV_PHI * (hi - lo);
      s2 = at(x2);
    }
  }
  const refined = s1 >= s2 ? x1 : x2;
  return withShare(pi, y, Math.max(s1, s2) > bestS ? refined : bestT);
}
