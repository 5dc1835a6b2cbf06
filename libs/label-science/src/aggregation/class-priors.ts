// Module-level alias: under jest's vm sandbox every global lookup in a hot loop is slow.
const { log } = Math;

/** Adds each class's posterior mass over the first `rows` items to `into[c]`. */
export function addPosteriorMass(
  post: Float64Array,
  rows: number,
  K: number,
  into: Float64Array,
): void {
  for (let i = 0; i < rows; i++) for (let c = 0; c < K; c++) into[c] += post[i * K + c];
}

/** Class priors as the mean posterior over `rows` items (no smoothing). */
export function priorsFromPosterior(
  post: Float64Array,
  rows: number,
  K: number,
  priors: Float64Array,
): void {
  priors.fill(0);
  addPosteriorMass(post, rows, K, priors);
  for (let c = 0; c < K; c++) priors[c] /= rows;
}

/** Starts an E-step: every item's row of log scores is log(priors). */
export function fillWithLogPriors(post: Float64Array, priors: Float64Array, K: number): void {
  const logPrior = new Float64Array(K);
  for (let c = 0; c < K; c++) logPrior[c] = log(priors[c]);
  const rows = post.length / K;
  for (let i = 0; i < rows; i++) post.set(logPrior, i * K);
}
