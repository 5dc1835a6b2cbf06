import { mulberry32 } from './random';
import { Comment } from './youtube-spam';

/** One kind of synthetic PII the demo plants in a comment: the string and how it is worded in. */
type Planter = (n: number) => { pii: string; phrase: (pii: string) => string };

const FIRST = ['jane', 'john', 'maria', 'li', 'omar', 'ana', 'sam', 'eva'];
const LAST = ['roe', 'doe', 'silva', 'wei', 'haddad', 'novak', 'berg', 'lund'];

// Reserved for examples: example.com/.org (RFC 2606), +44 20 7946 0xxx (Ofcom drama range),
// 555-01xx (North American fiction range). Worded as a neutral sign-off, so neither class gains a cue.
const PLANTERS: Planter[] = [
  (n) => ({ pii: `${FIRST[n % 8]}.${LAST[(n >> 3) % 8]}${n % 100}@example.${n % 2 ? 'org' : 'com'}`, phrase: (p) => `(mail: ${p})` }),
  (n) => ({ pii: `+44 20 7946 0${String(n % 1000).padStart(3, '0')}`, phrase: (p) => `(tel ${p})` }),
  (n) => ({ pii: `(212) 555-01${String(n % 100).padStart(2, '0')}`, phrase: (p) => `(call ${p})` }),
  (n) => ({ pii: `@${FIRST[n % 8]}_${LAST[(n >> 3) % 8]}${n % 100}`, phrase: (p) => `(I'm ${p} everywhere)` }),
];

/**
 * Plants synthetic e-mail addresses, phone numbers and handles in a share of the comments,
 * deterministically from the seed (same seed, same comments, same strings): one or two per
 * chosen comment, appended as a sign-off. The comment's truth is unchanged; the platform must
 * mask them before any annotator sees the text.
 */
export function plantSyntheticPii(comments: Comment[], seed: number, share: number): Comment[] {
  const rnd = mulberry32(seed ^ 0x5eed_9111);
  return comments.map((c) => {
    if (rnd() >= share) return c;
    const count = rnd() < 0.3 ? 2 : 1;
    const pii: string[] = [];
    let text = c.text;
    for (let k = 0; k < count; k++) {
      const planted = PLANTERS[Math.floor(rnd() * PLANTERS.length)](Math.floor(rnd() * 100000));
      pii.push(planted.pii);
      text = `${text} ${planted.phrase(planted.pii)}`;
    }
    return { ...c, text, pii };
  });
}
