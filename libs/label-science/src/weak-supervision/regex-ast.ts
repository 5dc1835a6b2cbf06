// A small parser of JavaScript regex syntax, enough for the static backtracking check: the
// pattern has already compiled, so it is assumed well formed. Character sets are approximated
// as ASCII bits plus "may match a non-ASCII character", which over-approximates (safe side).

export interface CharSet {
  readonly ascii: Uint8Array; // 128 entries, 1 = may match
  readonly nonAscii: boolean;
}

export type RegexNode =
  | { readonly type: 'chars'; readonly set: CharSet; readonly sample: string }
  | { readonly type: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly type: 'alt'; readonly alts: readonly RegexNode[]; readonly source: string }
  | { readonly type: 'group'; readonly body: RegexNode; readonly lookaround: boolean }
  | {
      readonly type: 'repeat';
      readonly body: RegexNode;
      readonly min: number;
      readonly max: number;
      /** The pattern text of the quantified atom, for messages. */
      readonly source: string;
    }
  /** ^ $ \b \B: match no character. */
  | { readonly type: 'assert' }
  /** \1, \k<name>: may match anything, including nothing. */
  | { readonly type: 'backref' };

const set = (pred: (c: number) => boolean, nonAscii: boolean): CharSet => {
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = pred(c) ? 1 : 0;
  return { ascii, nonAscii };
};
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) =>
  isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const ANY = set(() => true, true);

export function union(a: CharSet, b: CharSet): CharSet {
  return set((c) => a.ascii[c] === 1 || b.ascii[c] === 1, a.nonAscii || b.nonAscii);
}

export function intersects(a: CharSet, b: CharSet): boolean {
  if (a.nonAscii && b.nonAscii) return true;
  for (let c = 0; c < 128; c++) if (a.ascii[c] && b.ascii[c]) return true;
  return false;
}

export const EMPTY_SET: CharSet = set(() => false, false);

/** A character the set matches, for probe strings. */
function sampleOf(s: CharSet): string {
  for (const c of [97, 48, 32, 95, 65]) if (s.ascii[c]) return String.fromCharCode(c);
  for (let c = 32; c < 127; c++) if (s.ascii[c]) return String.fromCharCode(c);
  for (let c = 0; c < 128; c++) if (s.ascii[c]) return String.fromCharCode(c);
  return 'é';
}

export function parseRegex(pattern: string, flags = ''): RegexNode {
  const ignoreCase = flags.includes('i');
  const dotAll = flags.includes('s');
  let pos = 0;

  const chars = (s: CharSet): RegexNode => ({ type: 'chars', set: s, sample: sampleOf(s) });
  const literal = (code: number): CharSet => {
    if (code >= 128) return set(() => false, true);
    const lower = String.fromCharCode(code).toLowerCase().charCodeAt(0);
    const upper = String.fromCharCode(code).toUpperCase().charCodeAt(0);
    return set((c) => c === code || (ignoreCase && (c === lower || c === upper)), false);
  };

  // An escape after the backslash; inside a class, \b is a backspace.
  const escape = (inClass: boolean): CharSet | 'assert' | 'backref' => {
    const ch = pattern[pos++];
    switch (ch) {
      case 'd':
        return set(isDigit, false);
      case 'D':
        return set((c) => !isDigit(c), true);
      case 'w':
        return set(isWord, false);
      case 'W':
        return set((c) => !isWord(c), true);
      case 's':
        return set(isSpace, true);
      case 'S':
        return set((c) => !isSpace(c), true);
      case 'b':
      case 'B':
        return inClass ? literal(8) : 'assert';
      case 'p':
      case 'P':
        // Unicode properties: letters, digits and anything beyond ASCII (over-approximated).
        if (pattern[pos] === '{') pos = pattern.indexOf('}', pos) + 1;
        return set((c) => isWord(c) || c > 32, true);
      case 'k':
        if (pattern[pos] === '<') {
          pos = pattern.indexOf('>', pos) + 1;
          return 'backref';
        }
        return literal(107);
      case 'n':
        return literal(10);
      case 't':
        return literal(9);
      case 'r':
        return literal(13);
      case 'f':
        return literal(12);
      case 'v':
        return literal(11);
      case 'c':
        pos++;
        return set(() => true, false);
      case 'x': {
        const code = parseInt(pattern.slice(pos, pos + 2), 16);
        pos += 2;
        return literal(code);
      }
      case 'u': {
        if (pattern[pos] === '{') {
          const end = pattern.indexOf('}', pos);
          const code = parseInt(pattern.slice(pos + 1, end), 16);
          pos = end + 1;
          return literal(code);
        }
        const code = parseInt(pattern.slice(pos, pos + 4), 16);
        pos += 4;
        return literal(code);
      }
      default:
        if (ch >= '1' && ch <= '9' && !inClass) {
          while (pos < pattern.length && /\d/.test(pattern[pos])) pos++;
          return 'backref';
        }
        return literal(ch.charCodeAt(0));
    }
  };

  const charClass = (): CharSet => {
    // pos is just after '['
    let negate = false;
    if (pattern[pos] === '^') {
      negate = true;
      pos++;
    }
    let acc = EMPTY_SET;
    while (pos < pattern.length && pattern[pos] !== ']') {
      let from: CharSet;
      let fromCode = -1;
      if (pattern[pos] === '\\') {
        pos++;
        const e = escape(true);
        from = typeof e === 'string' ? ANY : e;
      } else if (pattern[pos] === '[' && flags.includes('v')) {
        pos++;
        from = charClass(); // v-mode nested class
      } else {
        fromCode = pattern.codePointAt(pos)!;
        pos += fromCode > 0xffff ? 2 : 1;
        from = literal(fromCode);
      }
      if (pattern[pos] === '-' && pattern[pos + 1] !== ']' && pos + 1 < pattern.length) {
        pos++;
        let toCode: number;
        if (pattern[pos] === '\\') {
          // A range ending in an escape (\x7f, \u00ff): over-approximated as "up to anything".
          pos++;
          escape(true);
          toCode = 0x10ffff;
        } else {
          toCode = pattern.codePointAt(pos)!;
          pos += toCode > 0xffff ? 2 : 1;
        }
        const lo = fromCode >= 0 ? fromCode : 0;
        const range = set((c) => c >= lo && c <= toCode, toCode >= 128);
        from = ignoreCase ? union(range, caseFold(range)) : range;
      }
      acc = union(acc, from);
    }
    pos++; // ']'
    return negate ? set((c) => acc.ascii[c] === 0, true) : acc;
  };

  const caseFold = (s: CharSet): CharSet =>
    set((c) => {
      const ch = String.fromCharCode(c);
      return (
        s.ascii[ch.toLowerCase().charCodeAt(0)] === 1 ||
        s.ascii[ch.toUpperCase().charCodeAt(0)] === 1
      );
    }, s.nonAscii);

  const quantifier = (): { min: number; max: number } | null => {
    const ch = pattern[pos];
    let q: { min: number; max: number } | null = null;
    if (ch === '*') q = { min: 0, max: Infinity };
    else if (ch === '+') q = { min: 1, max: Infinity };
    else if (ch === '?') q = { min: 0, max: 1 };
    if (q) pos++;
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(pos));
      if (!m) return null; // a literal '{' (non-unicode mode)
      pos += m[0].length;
      const min = Number(m[1]);
      q = { min, max: m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]) };
    }
    if (q && pattern[pos] === '?') pos++; // lazy: same ambiguity
    return q;
  };

  const atom = (): RegexNode | null => {
    const ch = pattern[pos];
    if (ch === '(') {
      pos++;
      let lookaround = false;
      if (pattern[pos] === '?') {
        const rest = pattern.slice(pos);
        if (rest.startsWith('?:')) pos += 2;
        else if (rest.startsWith('?=') || rest.startsWith('?!')) {
          pos += 2;
          lookaround = true;
        } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
          pos += 3;
          lookaround = true;
        } else if (rest.startsWith('?<')) pos = pattern.indexOf('>', pos) + 1;
        else pos = Math.max(pos + 1, pattern.indexOf(':', pos) + 1); // modifiers (?i:...)
      }
      const body = alternation();
      pos++; // ')'
      return { type: 'group', body, lookaround };
    }
    if (ch === '[') {
      pos++;
      return chars(charClass());
    }
    if (ch === '.') {
      pos++;
      return chars(dotAll ? ANY : set((c) => c !== 10 && c !== 13, true));
    }
    if (ch === '^' || ch === '$') {
      pos++;
      return { type: 'assert' };
    }
    if (ch === '\\') {
      pos++;
      const e = escape(false);
      if (e === 'assert') return { type: 'assert' };
      if (e === 'backref') return { type: 'backref' };
      return chars(e);
    }
    const code = pattern.codePointAt(pos)!;
    pos += code > 0xffff ? 2 : 1;
    return chars(literal(code));
  };

  const sequence = (): RegexNode => {
    const items: RegexNode[] = [];
    while (pos < pattern.length && pattern[pos] !== '|' && pattern[pos] !== ')') {
      const start = pos;
      let node = atom();
      if (!node) break;
      for (let q = quantifier(); q; q = quantifier()) {
        const source = pattern.slice(start, pos);
        node = { type: 'repeat', body: node, min: q.min, max: q.max, source };
      }
      items.push(node);
    }
    return items.length === 1 ? items[0] : { type: 'seq', items };
  };

  const alternation = (): RegexNode => {
    const start = pos;
    const alts = [sequence()];
    while (pattern[pos] === '|') {
      pos++;
      alts.push(sequence());
    }
    return alts.length === 1 ? alts[0] : { type: 'alt', alts, source: pattern.slice(start, pos) };
  };

  return alternation();
}

/** Whether the node can match the empty string. */
export function nullable(n: RegexNode): boolean {
  switch (n.type) {
    case 'chars':
      return false;
    case 'seq':
      return n.items.every(nullable);
    case 'alt':
      return n.alts.some(nullable);
    case 'group':
      return n.lookaround || nullable(n.body);
    case 'repeat':
      return n.min === 0 || nullable(n.body);
    default:
      return true;
  }
}

/** The characters a match of the node can start with. */
export function firstChars(n: RegexNode): CharSet {
  switch (n.type) {
    case 'chars':
      return n.set;
    case 'seq': {
      let acc = EMPTY_SET;
      for (const item of n.items) {
        acc = union(acc, firstChars(item));
        if (!nullable(item)) break;
      }
      return acc;
    }
    case 'alt':
      return n.alts.reduce((acc, a) => union(acc, firstChars(a)), EMPTY_SET);
    case 'group':
      return n.lookaround ? EMPTY_SET : firstChars(n.body);
    case 'repeat':
      return n.max === 0 ? EMPTY_SET : firstChars(n.body);
    case 'backref':
      return ANY;
    default:
      return EMPTY_SET;
  }
}
