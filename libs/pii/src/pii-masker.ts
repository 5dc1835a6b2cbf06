import { BUILTIN_PATTERNS } from './builtin-patterns';
import type { PiiKindName, PiiPattern } from './pii-pattern';

/** One masked occurrence. Offsets are Unicode code points (as in answer TextSpan). */
export interface MaskSpan {
  kind: PiiKindName;
  /** The built-in kind's name or the custom pattern name. */
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
  /** Occurrences per pattern (kind and name), in first-seen order. */
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
 * Replaces personal data with placeholders: e-mail addresses [EMAIL], phone numbers [PHONE],
 * URLs with credentials [URL], IP addresses [IP], card numbers [CARD], IBANs [IBAN],
 * national-id-like numbers [ID], handles [HANDLE], and the deployment's custom patterns
 * [<NAME>]. Overlapping matches: the earliest wins, then the longest, then the detector listed
 * first (built-ins in BUILTIN_PATTERNS order, then custom).
 */
export class PiiMasker {
  private readonly patterns: readonly PiiPattern[];

  constructor(custom: readonly PiiPattern[] = [], builtins: readonly PiiPattern[] = BUILTIN_PATTERNS) {
    this.patterns = [...builtins, ...custom];
  }

  mask(text: string): MaskResult {
    const hits: Hit[] = [];
    this.patterns.forEach((pattern, rank) => {
      for (const m of pattern.find(text)) if (m.end > m.start) hits.push({ ...m, pattern, rank });
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
      const ph = h.pattern.placeholder;
      const hitCp = codePoints(text.slice(h.start, h.end));
      spans.push({
        kind: h.pattern.kind,
        name: h.pattern.name,
        start: cpMasked,
        end: cpMasked + codePoints(ph),
        originalStart: cpOriginal,
        originalEnd: cpOriginal + hitCp,
      });
      masked += ph;
      cpMasked += codePoints(ph);
      cpOriginal += hitCp;
      cursor = h.end;
      const key = `${h.pattern.kind}:${h.pattern.name}`;
      const c = counts.get(key) ?? { kind: h.pattern.kind, name: h.pattern.name, count: 0 };
      c.count++;
      counts.set(key, c);
    }
    masked += text.slice(cursor);
    return { masked, spans, counts: [...counts.values()] };
  }

  /** Masks every value of a string map (keys are the producer's field names, kept as they are). */
  maskValues(values: Readonly<Record<string, string>>): { masked: Record<string, string>; counts: MaskResult['counts'] } {
    const masked: Record<string, string> = {};
    const counts: MaskResult['counts'][] = [];
    for (const [k, v] of Object.entries(values)) {
      const r = this.mask(v);
      masked[k] = r.masked;
      counts.push(r.counts);
    }
    return { masked, counts: mergeCounts(...counts) };
  }
}

/** Occurrences per kind and name summed over several results, in first-seen order. */
export function mergeCounts(...lists: MaskResult['counts'][]): MaskResult['counts'] {
  const out: MaskResult['counts'] = [];
  for (const c of lists.flat()) {
    const seen = out.find((x) => x.kind === c.kind && x.name === c.name);
    if (seen) seen.count += c.count;
    else out.push({ ...c });
  }
  return out;
}
