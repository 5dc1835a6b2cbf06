import type { Answers } from '../answers';
import type { Defined } from '../defined';
import { cohenKappa, type KappaValue, type LightKappa, lightKappa } from './cohen-kappa';
import { type FleissKappa, fleissKappa } from './fleiss-kappa';
import { type AlphaValue, krippendorffAlpha } from './krippendorff-alpha';
import { pairwiseAgreement } from './pairwise-agreement';
import { percentAgreement } from './percent-agreement';

export interface AgreementReport {
  readonly pairwiseAgreement: Defined<number>;
  readonly percentAgreement: Defined<number>;
  /** Present when there are exactly two workers. */
  readonly cohenKappa: Defined<KappaValue> | null;
  /** Mean pairwise Cohen's kappa when there are more than two workers. */
  readonly lightKappa: Defined<LightKappa> | null;
  readonly fleissKappa: Defined<FleissKappa>;
  readonly alphaNominal: Defined<AlphaValue>;
  readonly alphaOrdinal: Defined<AlphaValue>;
  readonly alphaInterval: Defined<AlphaValue>;
}

/** Every agreement measure on one data set. */
export function agreementReport(
  a: Answers,
  options: { minOverlap?: number } = {},
): AgreementReport {
  const two = a.nWorkers === 2;
  return {
    pairwiseAgreement: pairwiseAgreement(a).mean,
    percentAgreement: percentAgreement(a),
    cohenKappa: two ? cohenKappa(a, a.workerNames[0], a.workerNames[1]) : null,
    lightKappa: two ? null : lightKappa(a, options),
    fleissKappa: fleissKappa(a),
    alphaNominal: krippendorffAlpha(a, { metric: 'nominal' }),
    alphaOrdinal: krippendorffAlpha(a, { metric: 'ordinal' }),
    alphaInterval: krippendorffAlpha(a, { metric: 'interval' }),
  };
}
