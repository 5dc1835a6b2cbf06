/** A cell of a CSV row: text, a number, a flag, or nothing (an empty cell). */
export type CsvCell = string | number | boolean | null;

/** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that a spreadsheet will show as text: one starting with `= + - @`, a tab or a
 * carriage return gets a leading `'` (OWASP's advice), which spreadsheets hide and never evaluate.
 * Numbers are written as numbers (`csvCell`), so a negative number keeps its minus.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting: a field holding a comma, quote, CR or LF is quoted, its quotes doubled. */
export function quoteCsvField(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One cell: text neutralized then quoted; a finite number as JavaScript prints it; null and non-finite numbers empty. */
export function csvCell(v: CsvCell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return quoteCsvField(neutralizeFormula(v));
}

/** One row, ending in "\n". */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + '\n';
}
