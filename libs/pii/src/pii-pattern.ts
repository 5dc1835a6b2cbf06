/** A kind of personal data the masker looks for. */
export type PiiKindName =
  | 'email'
  | 'phone'
  | 'url_secret'
  | 'ip_address'
  | 'card_number'
  | 'iban'
  | 'national_id'
  | 'handle'
  | 'custom';

/** A match: [start, end) in UTF-16 units of the searched text. */
export interface PiiMatch {
  start: number;
  end: number;
}

/** One detector of the masker: built-in or from the deployment's list. */
export interface PiiPattern {
  kind: PiiKindName;
  /** The kind's name for built-ins, or the custom pattern's name. */
  name: string;
  /** What replaces a match in the masked text, e.g. `[EMAIL]`. */
  placeholder: string;
  /** Every match in the text (any order; overlaps are resolved by the masker). */
  find(text: string): Iterable<PiiMatch>;
}

/** A candidate regex match, with the whole text for checks that need the context. */
export type Accept = (match: string, text: string, index: number) => boolean;

/** A detector from a regex (made global here) and an optional check of each match. */
export function regexPattern(kind: PiiKindName, name: string, placeholder: string, regex: RegExp, accept?: Accept): PiiPattern {
  const flags = regex.flags.includes('g') ? regex.flags : `${regex.flags}g`;
  return {
    kind,
    name,
    placeholder,
    *find(text) {
      for (const m of text.matchAll(new RegExp(regex.source, flags))) {
        if (m[0].length === 0) continue;
        if (accept && !accept(m[0], text, m.index)) continue;
        yield { start: m.index, end: m.index + m[0].length };
      }
    },
  };
}

/** A custom pattern as configured (e.g. INGESTION_PII_PATTERNS). */
export interface CustomPatternSpec {
  name: string;
  pattern: string;
  flags?: string;
}

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
    return regexPattern('custom', s.name, `[${s.name.toUpperCase()}]`, regex);
  });
}
