import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One comment of the public YouTube spam collection (UCI; demo/data/youtube_spam/SOURCE.md). */
export interface Comment {
  /** Our key: file name + row number (COMMENT_ID is not unique in this data set). */
  key: string;
  text: string;
  label: 'spam' | 'ham';
}

export const YOUTUBE_DIR = join(__dirname, '../../../../demo/data/youtube_spam');

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(src: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Every comment of the five files, in file order. */
export function loadYoutubeSpam(dir = YOUTUBE_DIR): Comment[] {
  const out: Comment[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const [header, ...rows] = parseCsv(readFileSync(join(dir, file), 'utf8'));
    const content = header!.indexOf('CONTENT');
    const cls = header!.indexOf('CLASS');
    rows.forEach((r, i) => {
      if (r.length <= Math.max(content, cls)) return;
      out.push({ key: `${file}#${i + 1}`, text: r[content]!, label: r[cls]!.trim() === '1' ? 'spam' : 'ham' });
    });
  }
  return out;
}
