import { EMAIL_PATTERN, PHONE_PATTERN, PiiKindName, PiiPattern } from './pii-pattern';

/** One masked occurrence. Offsets are Unicode code points (as in answer TextSpan). */
export interface MaskSpan {
  kind: PiiKindName;
  /** `email`, `phone` or the custom pattern name. */
  name: string;
  /** Where the placeholder sits in the masked text, [start, end). */
  start: number;
  end: number;
  /** Where the personal data was in the original text, [start, end). */
  originalStart: number;
  originalEnd: number;
}

export interface MaskResult {
  masked: string;
  spans: MaskSpan[];
  /** Occurrences per pattern name, in first-seen order. */
  counts: { kind: PiiKindName; name: string; count: number }[];
}

interface Hit {
  start: number;
  end: number;
  pattern: PiiPattern;
  rank: number;
}

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Replaces e-mail addresses, phone numbers and the deployment's custom patterns with
 * placeholders ([EMAIL], [PHONE], [<NAME>]). Overlapping matches: the earliest wins, then the
 * longest, then the pattern listed first (e-mail before phone before custom).
 */
export class PiiMasker {
  private readonly patterns: PiiPattern[];

  constructor(custom: PiiPattern[] = []) {
    this.patterns = [EMAIL_PATTERN, PHONE_PATTERN, ...custom];
  }

  static placeholder(p: Pick<PiiPattern, 'kind' | 'name'>): string {
    return p.kind === 'custom' ? `[${p.name.toUpperCase()}]` : `[${p.kind.toUpperCase()}]`;
  }

  mask(text: string): MaskResult {
    const hits: Hit[] = [];
    this.patterns.forEach((pattern, rank) => {
      const re = new RegExp(pattern.regex.source, pattern.regex.flags.includes('g') ? pattern.regex.flags : `${pattern.regex.flags}g`);
      for (const m of text.matchAll(re)) {
        if (m[0].length === 0) continue;
        if (pattern.accept && !pattern.accept(m[0])) continue;
        hits.push({ start: m.index, end: m.index + m[0].length, pattern, rank });
      }
    });
    hits.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.rank - b.rank);

    let masked = '';
    let cursor = 0; // UTF-16 index into text
    let cpOriginal = 0; // code points of text consumed
    let cpMasked = 0; // code points written to masked
    const spans: MaskSpan[] = [];
    const counts = new Map<string, { kind: PiiKindName; name: string; count: number }>();
    for (const h of hits) {
      if (h.start < cursor) continue; // overlaps an earlier, kept match
      const before = text.slice(cursor, h.start);
      const beforeCp = codePoints(before);
      masked += before;
      cpOriginal += beforeCp;
      cpMasked += beforeCp;
      const ph = PiiMasker.placeholder(h.pattern);
      const hitCp = codePoints(text.slice(h.start, h.end));
      spans.push({
        kind: h.pattern.kind,
        name: h.pattern.name,
        start: cpMasked,
        end: cpMasked + ph.length,
        originalStart: cpOriginal,
        originalEnd: cpOriginal + hitCp,
      });
      masked += ph;
      cpMasked += ph.length;
      cpOriginal += hitCp;
      cursor = h.end;
      const c = counts.get(h.pattern.name) ?? { kind: h.pattern.kind, name: h.pattern.name, count: 0 };
      c.count++;
      counts.set(h.pattern.name, c);
    }
    masked += text.slice(cursor);
    return { masked, spans, counts: [...counts.values()] };
  }
}
