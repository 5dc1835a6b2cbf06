import * as path from 'node:path';
import { splitCsvLine } from './csv';
import { CliError, type Io } from './io';

export interface TableRow {
  /** 1-based line number in the file, for messages. */
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Reads a CSV (header row) or JSONL (one object per line) file and checks the required
 * columns. JSONL is chosen by extension (.jsonl, .ndjson) or `format`.
 */
export function readTable(
  io: Io,
  file: string,
  required: readonly string[],
  optional: readonly string[] = [],
  format?: 'csv' | 'jsonl',
): TableRow[] {
  const name = path.basename(file);
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new CliError(`${file}: cannot read file (${code})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CliError(`${name}: empty file`);
  const jsonl = format ? format === 'jsonl' : /\.(jsonl|ndjson)$/i.test(file);
  const lines = text.split(/\r?\n/);
  const wanted = [...required, ...optional];
  const rows: TableRow[] = [];

  if (jsonl) {
    lines.forEach((l, k) => {
      if (l.trim() === '') return;
      let obj: unknown;
      try {
        obj = JSON.parse(l);
      } catch {
        throw new CliError(`${name}:${k + 1}: not valid JSON`);
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        throw new CliError(`${name}:${k + 1}: expected a JSON object`);
      }
      const rec = obj as Record<string, unknown>;
      const fields: Record<string, string> = {};
      for (const col of wanted) {
        const v = rec[col];
        if (v === undefined || v === null) {
          if (required.includes(col)) {
            throw new CliError(
              `${name}:${k + 1}: missing field "${col}" (found: ${Object.keys(rec).join(',')})`,
            );
          }
          continue;
        }
        if (typeof v === 'object')
          throw new CliError(`${name}:${k + 1}: field "${col}" must be a string or number`);
        fields[col] = String(v);
      }
      rows.push({ line: k + 1, fields });
    });
    if (rows.length === 0) throw new CliError(`${name}: empty file`);
    return rows;
  }

  const header = splitCsvLine(lines[0]);
  if (!header) throw new CliError(`${name}:1: unclosed quote in header`);
  const cols = header.map((h) => h.trim().toLowerCase());
  for (const col of required) {
    if (!cols.includes(col))
      throw new CliError(`${name}: missing column "${col}" (found: ${cols.join(',')})`);
  }
  const at = wanted.map((c) => cols.indexOf(c));
  for (let k = 1; k < lines.length; k++) {
    const l = lines[k];
    if (l.trim() === '') continue;
    const f = splitCsvLine(l);
    if (!f) throw new CliError(`${name}:${k + 1}: unclosed quote`);
    if (f.length !== cols.length)
      throw new CliError(`${name}:${k + 1}: expected ${cols.length} fields, found ${f.length}`);
    const fields: Record<string, string> = {};
    wanted.forEach((c, j) => {
      if (at[j] >= 0) fields[c] = f[at[j]].trim();
    });
    rows.push({ line: k + 1, fields });
  }
  if (rows.length === 0) throw new CliError(`${name}: no rows after the header`);
  return rows;
}
