import type { Answers } from '../answers';
import { type EmOptions, goldIndex, requireClasses } from './result';

/** What every EM method needs from its options, with the shared defaults applied. */
export interface EmSettings {
  /** Class id of the gold label per item, -1 where none. */
  readonly gold: Int32Array;
  readonly maxIter: number;
  readonly tol: number;
}

/** Checks the answers can be aggregated and resolves the options every EM method shares. */
export function emSettings(a: Answers, options: EmOptions<unknown>, defaultMaxIter = 100): EmSettings {
  requireClasses(a);
  return {
    gold: goldIndex(a, options.gold),
    maxIter: options.maxIter ?? defaultMaxIter,
    tol: options.tol ?? 1e-7,
  };
}
