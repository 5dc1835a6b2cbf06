import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '@verity/cli';

/** One comment of the public YouTube spam collection (UCI; demo/data/youtube_spam/SOURCE.md). */
export interface Comment {
  /** Our key: file name + row number (COMMENT_ID is not unique in this data set). */
  key: string;
  text: string;
  label: 'spam' | 'ham';
}

export const YOUTUBE_DIR = join(__dirname, '../../../../demo/data/youtube_spam');

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
