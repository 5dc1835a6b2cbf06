import { minimizeLbfgs } from './lbfgs.math';

/** Settings of one NB-LR fit (see fitNbLr). */
export interface NbLrOptions {
  /** Inverse L2 strength C of the logistic loss (LIBLINEAR's and scikit-learn's default: 1). */
  c: number;
  /** Interpolation towards the fitted weights (1) from their mean magnitude (0); Wang & Manning: 0.25. */
  beta: number;
  /** Laplace smoothing of the feature counts behind the NB log-count ratio (Wang & Manning: 1). */
  alpha: number;
  /** Cap on L-BFGS iterations (each is about one pass over the data). */
  maxIterations: number;
}

/** A fitted binary scorer: score = bias + Σ weight[column] over the columns present. */
export interface BinaryLinear {
  bias: number;
  /** Effective weight per column (NB ratio × interpolated weight). */
  weights: Float64Array;
}

const log1pExp = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * NB-SVM with the logistic loss (Wang & Manning 2012, "Baselines and bigrams"; the NB-LR of
 * Mesnil et al. 2014): binary indicator features scaled by the naive-Bayes log-count ratio
 * r = log((p/|p|₁) / (q/|q|₁)), p = α + counts in positive rows, q = α + counts in negative
 * rows; an L2-regularised logistic regression on them (the bias is penalised too, as LIBLINEAR
 * does, so a class absent from the data gives a finite model); then w' = (1−β)·mean|w| + β·w.
 * `rows` hold the column indices present in each row, `positive` whether the row is positive.
 */
export function fitNbLr(rows: readonly Int32Array[], positive: readonly boolean[], columns: number, o: NbLrOptions): BinaryLinear {
  const p = new Float64Array(columns).fill(o.alpha);
  const q = new Float64Array(columns).fill(o.alpha);
  rows.forEach((row, i) => {
    const counts = positive[i] ? p : q;
    for (const c of row) counts[c]! += 1;
  });
  let sumP = 0;
  let sumQ = 0;
  for (let c = 0; c < columns; c++) {
    sumP += p[c]!;
    sumQ += q[c]!;
  }
  const r = new Float64Array(columns);
  for (let c = 0; c < columns; c++) r[c] = Math.log(p[c]! / sumP) - Math.log(q[c]! / sumQ);

  // Parameters: [w_0 … w_{columns−1}, bias].
  const objective = (x: Float64Array, grad: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      f += 0.5 * x[i]! * x[i]!;
      grad[i] = x[i]!;
    }
    const b = x[columns]!;
    rows.forEach((row, i) => {
      let z = b;
      for (const c of row) z += r[c]! * x[c]!;
      const sign = positive[i] ? 1 : -1;
      f += o.c * log1pExp(-sign * z);
      const dz = -o.c * sign * sigmoid(-sign * z);
      for (const c of row) grad[c]! += dz * r[c]!;
      grad[columns]! += dz;
    });
    return f;
  };
  const { x } = minimizeLbfgs(objective, new Float64Array(columns + 1), { maxIterations: o.maxIterations });
  let meanMagnitude = 0;
  for (let c = 0; c < columns; c++) meanMagnitude += Math.abs(x[c]!);
  meanMagnitude /= Math.max(1, columns);
  const weights = new Float64Array(columns);
  for (let c = 0; c < columns; c++) weights[c] = r[c]! * ((1 - o.beta) * meanMagnitude + o.beta * x[c]!);
  return { bias: x[columns]!, weights };
}
