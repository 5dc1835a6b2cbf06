/** Per item, from flat items × classes counts: its number of ratings and its pairwise agreement. */
export interface ItemPairAgreement {
  /** Ratings per item (the sum of its counts). */
  readonly ratings: Float64Array;
  /** Σ_c n_c(n_c − 1) / (n(n − 1)), the share of ordered rating pairs that agree; 0 where n < 2. */
  readonly agreement: Float64Array;
}

export function itemPairAgreement(counts: Float64Array, items: number, K: number): ItemPairAgreement {
  const ratings = new Float64Array(items);
  const agreement = new Float64Array(items);
  for (let i = 0; i < items; i++) {
    let n = 0;
    let same = 0;
    for (let c = 0; c < K; c++) {
      const x = counts[i * K + c];
      n += x;
      same += x * (x - 1);
    }
    ratings[i] = n;
    agreement[i] = n < 2 ? 0 : same / (n * (n - 1));
  }
  return { ratings, agreement };
}
