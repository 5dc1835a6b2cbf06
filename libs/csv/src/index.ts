export { csvCell, csvRow, neutralizeFormula, quoteCsvField } from './csv-writer';
export type { CsvCell } from './csv-writer';
export { parseCsv, splitCsvLine } from './csv-reader';
