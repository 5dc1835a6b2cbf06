import { type Answers, voteCounts } from '../answers';
import { type Defined, defined, undefinedBecause } from '../defined';
import { itemPairAgreement } from './item-pair-agreement';

export interface FleissKappa {
  readonly kappa: number;
  /** Mean observed pairwise agreement P̄. */
  readonly observed: number;
  /** Chance agreement P̄e = Σ p_j². */
  readonly expected: number;
  readonly items: number;
}

/**
 * Fleiss' kappa from per-item category counts (rows: items, columns: categories).
 * Items may have different numbers of ratings: each item's agreement uses its own n_i and
 * items with fewer than two ratings are dropped; with equal n_i this is Fleiss (1971) exactly.
 */
export function fleissKappaFromCounts(counts: ArrayLike<ArrayLike<number>>): Defined<FleissKappa> {
  const rows = Array.from({ length: counts.length }, (_, i) => counts[i]);
  const K = rows.length ? rows[0].length : 0;
  const flat = new Float64Array(rows.length * K);
  rows.forEach((r, i) => {
    for (let c = 0; c < K; c++) flat[i * K + c] = r[c];
  });
  return fleissFlat(flat, rows.length, K);
}

export function fleissKappa(a: Answers): Defined<FleissKappa> {
  return fleissFlat(voteCounts(a), a.nItems, a.nClasses);
}

function fleissFlat(counts: Float64Array, items: number, K: number): Defined<FleissKappa> {
  const { ratings: itemRatings, agreement } = itemPairAgreement(counts, items, K);
  const totals = new Float64Array(K);
  let pSum = 0;
  let used = 0;
  let ratings = 0;
  for (let i = 0; i < items; i++) {
    const n = itemRatings[i];
    if (n < 2) continue;
    for (let c = 0; c < K; c++) totals[c] += counts[i * K + c];
    ratings += n;
    pSum += agreement[i];
    used++;
  }
  if (used === 0) return undefinedBecause('no item has two or more ratings');
  let pe = 0;
  for (let c = 0; c < K; c++) pe += (totals[c] / ratings) ** 2;
  const po = pSum / used;
  if (pe >= 1) return undefinedBecause('only one class present: chance agreement is 1');
  return defined({ kappa: (po - pe) / (1 - pe), observed: po, expected: pe, items: used });
}
