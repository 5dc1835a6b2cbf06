import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from './random';
import { parseCsv } from '@verity/cli';

export interface Comment {
  /** A key of our own: COMMENT_ID is not unique in this data set. */
  key: string;
  text: string;
  truth: 'spam' | 'ham';
  /** Synthetic PII the demo planted in the text (synthetic-pii.ts), if any. */
  pii?: string[];
}

/**
 * The YouTube spam comments in a deterministic (seeded) order (CC BY 4.0, see demo/data/youtube_spam/SOURCE.md).
 * Comments already holding what PII masking could change (e-mail, long digit runs) are left out:
 * the demo plants synthetic PII of its own instead (synthetic-pii.ts), whose exact strings it
 * knows, so it can check that annotators only ever saw them masked.
 */
export function shuffledComments(dir: string, seed: number): Comment[] {
  const seen = new Set<string>();
  const all: Comment[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(dir, file), 'utf8'));
    const content = header.indexOf('CONTENT');
    const cls = header.indexOf('CLASS');
    rows.forEach((r, i) => {
      const text = r[content]?.trim() ?? '';
      if (text.length < 8 || text.length > 400 || /@|\d{6,}|\+\d/.test(text) || seen.has(text)) return;
      seen.add(text);
      all.push({ key: `${path.basename(file, '.csv')}:${i + 2}`, text, truth: r[cls] === '1' ? 'spam' : 'ham' });
    });
  }
  const rnd = mulberry32(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

/** Hands out comments in order, each at most once, so no two batches of a run share a comment. */
export class CommentSupply {
  private next = 0;

  constructor(private readonly comments: Comment[]) {}

  take(n: number): Comment[] {
    const batch = this.comments.slice(this.next, this.next + n);
    if (batch.length < n) throw new Error(`the data set has ${this.comments.length} usable comments; ${this.next + n} asked for`);
    this.next += n;
    return batch;
  }
}
