// CSV reading and writing live in @verity/csv (shared with export's release CSV); re-exported
// here for the CLI's modules. Text cells are formula-neutralized, numbers written as numbers.
export { csvRow, parseCsv, splitCsvLine } from '@verity/csv';

/** Up to 6 decimals, trailing zeros dropped (a number, so a CSV writes it unquoted, minus kept). */
export function formatNumber(x: number): number {
  return Number(x.toFixed(6));
}
