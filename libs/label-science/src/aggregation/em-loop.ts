const { abs } = Math;

/** How an EM run ended: the fields every EM method reports in its result. */
export interface EmRun {
  readonly iterations: number;
  readonly converged: boolean;
  readonly logLikelihood: number;
}

/**
 * Alternates M-step and E-step (from the posterior already in place) until the log-likelihood
 * per answer moves by less than `tol`, or `maxIter` rounds. `startLogLikelihood` is what the
 * first round is compared with (the warm start's E-step, where a method counts it).
 */
export function iterateEm(
  mStep: () => void,
  eStep: () => number,
  limits: { readonly maxIter: number; readonly tol: number; readonly nAnswers: number },
  startLogLikelihood = -Infinity,
): EmRun {
  const { maxIter, tol, nAnswers } = limits;
  let ll = startLogLikelihood;
  let iterations = 0;
  while (iterations < maxIter) {
    iterations++;
    mStep();
    const next = eStep();
    const done = abs(next - ll) / nAnswers < tol;
    ll = next;
    if (done) return { iterations, converged: true, logLikelihood: ll };
  }
  return { iterations, converged: false, logLikelihood: ll };
}
