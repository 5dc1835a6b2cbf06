import type { Answers } from '../answers';
import { autoAggregation } from './auto-aggregation';
import { dawidSkene } from './dawid-skene';
import { labelModel } from './label-model';
import { glad } from './glad';
import { mace } from './mace';
import { majorityVote } from './majority-vote';
import { oneCoinDawidSkene } from './one-coin-dawid-skene';
import type { AggregationResult, GoldLabels, MethodName } from './result';
import { weightedMajorityVote } from './weighted-majority-vote';

export const METHODS: readonly MethodName[] = [
  'mv',
  'wmv',
  'ds',
  'onecoin',
  'glad',
  'mace',
  'labelmodel',
  'auto',
];

export interface AggregateOptions {
  readonly gold?: GoldLabels;
  readonly maxIter?: number;
  readonly tol?: number;
}

/** One entry point for every method with the shared options (method-specific ones: call the method). */
export function aggregate(
  a: Answers,
  method: MethodName,
  options: AggregateOptions = {},
): AggregationResult<unknown> {
  switch (method) {
    case 'mv':
      return majorityVote(a, { gold: options.gold });
    case 'wmv':
      return weightedMajorityVote(a, { gold: options.gold, maxIter: options.maxIter });
    case 'ds':
      return dawidSkene(a, options);
    case 'onecoin':
      return oneCoinDawidSkene(a, options);
    case 'glad':
      return glad(a, options);
    case 'mace':
      return mace(a, options);
    case 'labelmodel':
      return labelModel(a, options);
    case 'auto':
      return autoAggregation(a, options);
  }
}

export function isMethodName(s: string): s is MethodName {
  return (METHODS as readonly string[]).includes(s);
}
