import { type Defined, defined, undefinedBecause } from '../defined';
import { chiSquareSurvival } from './special-functions';

export interface ChiSquareTest {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/**
 * Pearson chi-square test of homogeneity on an r × k table of counts. Columns (and rows) that
 * are all zero are dropped, so df = (rows used − 1)(columns used − 1).
 */
export function chiSquareHomogeneity(table: readonly ArrayLike<number>[]): Defined<ChiSquareTest> {
  const rows = table.filter((r) => sum(r) > 0);
  if (rows.length < 2) return undefinedBecause('fewer than two non-empty rows');
  const k = rows[0].length;
  const colTotals = Array.from({ length: k }, (_, c) => rows.reduce((s, r) => s + r[c], 0));
  const cols = colTotals.map((t, c) => (t > 0 ? c : -1)).filter((c) => c >= 0);
  if (cols.length < 2) return undefinedBecause('only one class present');
  const total = colTotals.reduce((s, x) => s + x, 0);
  let stat = 0;
  for (const r of rows) {
    const rt = sum(r);
    for (const c of cols) {
      const e = (rt * colTotals[c]) / total;
      stat += (r[c] - e) ** 2 / e;
    }
  }
  const df = (rows.length - 1) * (cols.length - 1);
  return defined({ statistic: stat, df, pValue: chiSquareSurvival(stat, df) });
}

function sum(r: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i];
  return s;
}
