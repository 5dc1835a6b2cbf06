import { testAllWithin } from './bounded-regex';
import { parseRegex, type RegexNode } from './regex-ast';
import { staticBacktrackingRisk } from './regex-static-check';

export interface RegexGuardOptions {
  /**
   * Time allowed per probe string (default 25 ms: a quadratic pattern on the longest probe takes a
   * few ms, a catastrophic one seconds); a probe must exceed it twice to refuse.
   */
  readonly probeTimeoutMs?: number;
}

const SHORT = 30; // exponential blow-up shows by 2^30 steps
const LONG = 1000; // cubic and worse show by 1000^3; quadratic patterns pass (see README)
const SUFFIXES = ['!', '\u0000'];
const REPRESENTATIVES = ['a', 'A', '0', ' ', '_', '-', '.', '/', '@', '\t', '\n', 'é'];
const MAX_PROBES = 80;

/**
 * Why a (compiled) pattern is prone to catastrophic backtracking, or null. First the static
 * check (nested or ambiguous repetition), then a run-time check: adversarial probe strings
 * (a character or a sample of a quantified part repeated, then a character that makes the
 * match fail, e.g. 'a'.repeat(30) + '!') are tested in a `vm` with a timeout, so a pattern that
 * the static check misses (e.g. `(a?){30}a{30}`) is refused too, and nothing can hang.
 */
export function regexRisk(
  pattern: string,
  flags = '',
  options: RegexGuardOptions = {},
): string | null {
  const reason = staticBacktrackingRisk(pattern, flags);
  if (reason) return reason;
  const budget = options.probeTimeoutMs ?? 25;
  for (const probe of probeStrings(pattern, flags)) {
    // A single overrun can be the machine (GC, a busy core); the pattern must overrun twice.
    if (testAllWithin(pattern, flags, [probe], budget) === null) {
      if (testAllWithin(pattern, flags, [probe], budget) === null) {
        return `takes more than ${budget} ms on the probe string ${describe(probe)}`;
      }
    }
  }
  return null;
}

export function probeStrings(pattern: string, flags = ''): string[] {
  const runs = new Set<string>();
  collect(parseRegex(pattern, flags), '', runs);
  const literals = [...new Set(pattern.replace(/[\\()[\]{}|*+?^$]/g, ''))].slice(0, 16);
  const probes = new Set<string>();
  for (const run of runs) for (const s of SUFFIXES) probes.add(run + s);
  for (const c of [...REPRESENTATIVES, ...literals]) {
    for (const s of SUFFIXES) probes.add(c.repeat(SHORT) + s);
    probes.add(c.repeat(LONG) + '\u0000');
  }
  return [...probes].slice(0, MAX_PROBES);
}

/**
 * Walks the pattern keeping a sample of the text matched so far; for every repetition, records
 * the prefix followed by a sample of its body repeated SHORT times. Returns the node's sample.
 */
function collect(n: RegexNode, prefix: string, runs: Set<string>): string {
  switch (n.type) {
    case 'chars':
      return n.sample;
    case 'seq': {
      let acc = '';
      for (const item of n.items) acc += collect(item, prefix + acc, runs);
      return acc;
    }
    case 'alt': {
      const samples = n.alts.map((a) => collect(a, prefix, runs));
      return samples.find((s) => s !== '') ?? '';
    }
    case 'group': {
      const s = collect(n.body, prefix, runs);
      return n.lookaround ? '' : s;
    }
    case 'repeat': {
      const body = collect(n.body, prefix, runs);
      if (n.max > 1 && body !== '' && runs.size < MAX_PROBES) {
        runs.add(prefix + body.repeat(SHORT));
        // A large lower bound ({40}): one short of it (the match fails late), and SHORT beyond
        // it (optional parts inside, as in (a?){30}a{30}, can then split the text many ways).
        if (n.min > 1) {
          runs.add(prefix + body.repeat(Math.min(n.min - 1, LONG)));
          runs.add(prefix + body.repeat(Math.min(n.min + SHORT, LONG)));
        }
      }
      return body.repeat(Math.min(Math.max(n.min, 1), 3));
    }
    default:
      return '';
  }
}

function describe(probe: string): string {
  const shown =
    probe.length > 24
      ? `${JSON.stringify(probe.slice(0, 12)).slice(0, -1)}…${JSON.stringify(probe.slice(-4)).slice(1)}`
      : JSON.stringify(probe);
  return `${shown} (${probe.length} characters)`;
}
