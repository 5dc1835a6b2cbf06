import { type Answers, voteCounts } from '../answers';
import { type Defined, defined, undefinedBecause } from '../defined';
import { itemPairAgreement } from './item-pair-agreement';

export interface PairwiseAgreement {
  /** Per item (1 / (N(N−1))) Σ_{i≠j} [y_i = y_j]; meaningful only where `definedItems[i]` is 1. */
  readonly perItem: Float64Array;
  /** 1 where the item has at least two answers, else 0 (and perItem holds 0). */
  readonly definedItems: Uint8Array;
  /** Mean over items with at least two answers (Fleiss' P̄). */
  readonly mean: Defined<number>;
  readonly itemsUsed: number;
}

/**
 * Per-item pairwise agreement. Every answer counts, including repeated answers by one worker.
 * Σ_{i≠j}[y_i = y_j] = Σ_c n_c(n_c − 1), so this is O(items × classes) after counting votes.
 */
export function pairwiseAgreement(a: Answers): PairwiseAgreement {
  const K = a.nClasses;
  const { ratings, agreement: perItem } = itemPairAgreement(voteCounts(a), a.nItems, K);
  const definedItems = new Uint8Array(a.nItems);
  let sum = 0;
  let used = 0;
  for (let i = 0; i < a.nItems; i++) {
    if (ratings[i] < 2) continue;
    definedItems[i] = 1;
    sum += perItem[i];
    used++;
  }
  return {
    perItem,
    definedItems,
    itemsUsed: used,
    mean: used > 0 ? defined(sum / used) : undefinedBecause('no item has two or more answers'),
  };
}
