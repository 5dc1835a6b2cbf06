import { firstChars, intersects, nullable, parseRegex, type RegexNode } from './regex-ast';

/**
 * Static check for the two shapes behind exponential backtracking (a backtracking engine such
 * as V8's tries every way to split the text between the ambiguous parts before failing):
 * - star height > 1: a variable repetition inside another, e.g. `(a+)+`, `(\w+\s?)*`;
 * - overlapping alternation under a repetition (any upper bound above 1, `{30}` included): two
 *   alternatives that can start with the same character, e.g. `(a|ab)*`, `(\w|_)+`, `(a|a){30}`.
 * A "variable repetition" is a quantifier whose upper bound exceeds both 1 and its lower bound
 * (`*`, `+`, `{1,3}`; not `?` or `{3}`). Conservative: some refused patterns are in fact safe
 * (`(\w+@)+`); rewrite them without the nesting. Returns the reason, or null when it passes.
 */
export function staticBacktrackingRisk(pattern: string, flags = ''): string | null {
  return visit(parseRegex(pattern, flags), null, null);
}

type Repeat = RegexNode & { type: 'repeat' };

const isVariable = (n: Repeat) => n.max > 1 && n.max > n.min;

/** `star`: the innermost enclosing variable repetition; `repeat`: any with an upper bound > 1. */
function visit(n: RegexNode, star: Repeat | null, repeat: Repeat | null): string | null {
  switch (n.type) {
    case 'repeat': {
      if (onlyEmpty(n.body) || n.max <= 1) return visit(n.body, star, repeat);
      if (isVariable(n)) {
        if (star)
          return `nested quantifier (star height > 1): "${n.source}" inside "${star.source}"`;
        return visit(n.body, n, n);
      }
      return visit(n.body, star, n);
    }
    case 'alt': {
      if (repeat) {
        const clash = overlappingAlternatives(n.alts);
        if (clash) {
          return `overlapping alternation under a quantifier: ${clash} in "${n.source}" inside "${repeat.source}"`;
        }
      }
      for (const a of n.alts) {
        const r = visit(a, star, repeat);
        if (r) return r;
      }
      return null;
    }
    case 'seq':
      for (const item of n.items) {
        const r = visit(item, star, repeat);
        if (r) return r;
      }
      return null;
    case 'group':
      return visit(n.body, star, repeat);
    default:
      return null;
  }
}

function onlyEmpty(n: RegexNode): boolean {
  return n.type === 'assert' || (n.type === 'group' && (n.lookaround || onlyEmpty(n.body)));
}

function overlappingAlternatives(alts: readonly RegexNode[]): string | null {
  for (let i = 0; i < alts.length; i++) {
    for (let j = i + 1; j < alts.length; j++) {
      if (nullable(alts[i]) && nullable(alts[j])) {
        return `alternatives ${i + 1} and ${j + 1} can both match the empty string`;
      }
      if (intersects(firstChars(alts[i]), firstChars(alts[j]))) {
        return `alternatives ${i + 1} and ${j + 1} can start with the same character`;
      }
    }
  }
  return null;
}
