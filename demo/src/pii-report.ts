import { RoutedItem } from './routes';

/** What annotators were shown of the comments that carried synthetic PII. */
export interface PiiReport {
  /** Comments (items) that carried synthetic PII. */
  carried: number;
  /** Of those, items leased to an annotator at least once (auto-accepted ones never are). */
  leased: number;
  /** Leased items whose every lease showed none of the planted PII and a placeholder instead. */
  masked: number;
  /** Leases that showed some of the planted PII. */
  leaks: number;
  /** The shortest such item: the comment as published and as a lease showed it. */
  example: { original: string; shown: string } | null;
}

const PLACEHOLDER = /\[(EMAIL|PHONE|HANDLE)\]/;

/** Pieces of a planted string that must not survive masking: the string, and its digit-bearing runs (a phone's groups, an address's local part). */
function fragments(pii: string): string[] {
  return [pii, ...pii.split(/[^A-Za-z0-9]+/).filter((t) => t.length >= 4 && /\d/.test(t))];
}

/** Checks every lease of every item that carried synthetic PII against the strings planted in it. */
export function piiReport(routes: RoutedItem[], shown: Map<string, string[]>): PiiReport {
  const r: PiiReport = { carried: 0, leased: 0, masked: 0, leaks: 0, example: null };
  for (const route of routes) {
    const pii = route.comment.pii;
    if (!pii?.length) continue;
    r.carried++;
    const texts = shown.get(route.itemId) ?? [];
    if (texts.length === 0) continue;
    r.leased++;
    const leaking = texts.filter((t) => pii.some((p) => fragments(p).some((f) => t.includes(f))));
    r.leaks += leaking.length;
    if (leaking.length === 0 && texts.every((t) => PLACEHOLDER.test(t))) {
      r.masked++;
      if (!r.example || route.comment.text.length < r.example.original.length) r.example = { original: route.comment.text, shown: texts[0] };
    }
  }
  return r;
}
