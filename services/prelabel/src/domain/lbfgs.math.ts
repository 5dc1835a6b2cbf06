/** A smooth objective: returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface Minimum {
  x: Float64Array;
  value: number;
  iterations: number;
  /** The gradient norm fell below tolerance × its starting norm, or f stopped decreasing. */
  converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * Limited-memory BFGS (Nocedal & Wright, algorithm 7.4: two-loop recursion) with a backtracking
 * Armijo line search. Deterministic: the same objective and start give the same minimum.
 */
export function minimizeLbfgs(
  objective: Objective,
  start: Float64Array,
  o: { maxIterations: number; memory?: number; tolerance?: number },
): Minimum {
  const memory = o.memory ?? 10;
  const tolerance = o.tolerance ?? 1e-5;
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = objective(x, g);
  const g0 = Math.sqrt(dot(g, g));
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Array<number>(memory);
  for (let it = 0; it < o.maxIterations; it++) {
    if (Math.sqrt(dot(g, g)) <= tolerance * Math.max(1, g0)) return { x, value: f, iterations: it, converged: true };
    // d = −H·g by the two-loop recursion over the stored (s, y) pairs.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let j = s.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(s[j]!, d);
      for (let i = 0; i < n; i++) d[i]! -= alpha[j]! * y[j]![i]!;
    }
    if (s.length) {
      const last = s.length - 1;
      const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let j = 0; j < s.length; j++) {
      const beta = rho[j]! * dot(y[j]!, d);
      for (let i = 0; i < n; i++) d[i]! += s[j]![i]! * (alpha[j]! - beta);
    }
    let slope = dot(g, d);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = dot(g, d);
    }
    let step = s.length ? 1 : 1 / Math.max(1, Math.sqrt(-slope));
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries++, step /= 2) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = objective(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
    }
    if (!(fNew < f)) return { x, value: f, iterations: it, converged: true };
    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sNew[i] = xNew[i]! - x[i]!;
      yNew[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sNew, yNew);
    if (sy > 1e-12) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sy);
    }
    const decrease = f - fNew;
    x = xNew;
    g = gNew;
    f = fNew;
    if (decrease <= 1e-10 * Math.max(1, Math.abs(f))) return { x, value: f, iterations: it + 1, converged: true };
  }
  return { x, value: f, iterations: o.maxIterations, converged: false };
}
