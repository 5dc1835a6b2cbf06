/** A kind of personal data the masker looks for. */
export type PiiKindName = 'email' | 'phone' | 'custom';

/** One pattern of the masker: built-in (email, phone) or from the deployment's list. */
export interface PiiPattern {
  kind: PiiKindName;
  /** `email`, `phone`, or the custom pattern's name. */
  name: string;
  /** Global regular expression; every match is masked. */
  regex: RegExp;
  /** Extra check on a match (e.g. digit count of a phone number); default: accept. */
  accept?: (match: string) => boolean;
}

/** A custom pattern as configured (INGESTION_PII_PATTERNS). */
export interface CustomPatternSpec {
  name: string;
  pattern: string;
  flags?: string;
}

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.[A-Za-z]{2,24}(?![\w-])/g;

// International (+CC …), North American ((555) 123-4567, 555-123-4567, 555.123.4567) and the
// trunk-prefix national formats of most of Europe and Latin America (06 12 34 56 78,
// 030 1234567, 020 7946 0958, 0171/1234567). Separators: space, dot, dash, slash.
const PHONE = new RegExp(
  [
    String.raw`\+\d{1,3}(?:[ .\-]?\(\d{1,4}\))?(?:[ .\-/]?\d{1,5}){2,6}`,
    String.raw`\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}`,
    String.raw`\d{3}[.\-]\d{3}[.\-]\d{4}`,
    String.raw`0\d{1,4}(?:[ .\-/]?\d{2,8}){1,4}`,
  ]
    .map((p) => `(?<![\\w+/.\\-])(?:${p})(?![\\w/]|[.\\-]\\d)`)
    .join('|'),
  'g',
);

/** E.164 allows up to 15 digits; fewer than 7 is a number of another kind (a year, a price). */
function plausiblePhone(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  // A bare run of digits without separators or "+" is more often an id than a phone number.
  return /[+ .\-/()]/.test(match);
}

export const EMAIL_PATTERN: PiiPattern = { kind: 'email', name: 'email', regex: EMAIL };
export const PHONE_PATTERN: PiiPattern = { kind: 'phone', name: 'phone', regex: PHONE, accept: plausiblePhone };

/**
 * Compiles the deployment's custom patterns, refusing (with the pattern's name and why) a name
 * that is not a short identifier, a duplicate name, a pattern that does not compile, and a
 * pattern that matches the empty string (it would mask nothing and loop forever).
 */
export function compileCustomPatterns(specs: CustomPatternSpec[]): PiiPattern[] {
  const seen = new Set<string>(['email', 'phone']);
  return specs.map((s, i) => {
    const where = `pattern #${i + 1}`;
    if (typeof s?.name !== 'string' || !/^[a-z][a-z0-9_-]{0,39}$/.test(s.name)) {
      throw new Error(`${where}: name must match [a-z][a-z0-9_-]{0,39}`);
    }
    if (seen.has(s.name)) throw new Error(`${where}: duplicate name "${s.name}"`);
    seen.add(s.name);
    if (typeof s.pattern !== 'string' || s.pattern.length === 0) throw new Error(`${where} (${s.name}): pattern is empty`);
    const flags = s.flags ?? '';
    if (!/^[imsu]*$/.test(flags)) throw new Error(`${where} (${s.name}): flags may only be i, m, s, u`);
    let regex: RegExp;
    try {
      regex = new RegExp(s.pattern, `${flags}g`);
    } catch (err) {
      throw new Error(`${where} (${s.name}): ${(err as Error).message}`);
    }
    if (new RegExp(s.pattern, flags).test('')) throw new Error(`${where} (${s.name}): pattern matches the empty string`);
    return { kind: 'custom', name: s.name, regex };
  });
}
