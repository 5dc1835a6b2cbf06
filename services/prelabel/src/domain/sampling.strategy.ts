import { SamplingStrategy } from '@verity/contracts';
import type { Strategy } from './uncertainty.math';

/** projects.v1 SamplingStrategy → the selection rule (unspecified: least confidence). */
export function strategyName(s: SamplingStrategy): Strategy {
  switch (s) {
    case SamplingStrategy.MARGIN:
      return 'margin';
    case SamplingStrategy.ENTROPY:
      return 'entropy';
    case SamplingStrategy.RANDOM:
      return 'random';
    default:
      return 'least_confidence';
  }
}
