import { type Answers, voteCounts } from '../answers';
import { type Defined, defined, undefinedBecause } from '../defined';

/**
 * Share of agreeing pairs among all pairs of answers given to the same item, pooled over items.
 * For two raters this is the classic percent agreement (share of items on which they agree);
 * unlike the mean of per-item agreement, items with more answers weigh more.
 */
export function percentAgreement(a: Answers): Defined<number> {
  const K = a.nClasses;
  const counts = voteCounts(a);
  let pairs = 0;
  let same = 0;
  for (let i = 0; i < a.nItems; i++) {
    let n = 0;
    for (let c = 0; c < K; c++) {
      const x = counts[i * K + c];
      n += x;
      same += x * (x - 1);
    }
    pairs += n * (n - 1);
  }
  return pairs > 0 ? defined(same / pairs) : undefinedBecause('no item has two or more answers');
}
