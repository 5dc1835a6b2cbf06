// Keyword LFs: case-insensitive, whole-word. A keyword matches where it is not preceded or
// followed by a letter, digit or underscore (any script), so "my" does not fire on "mystery"
// and "c++" still fires on "I like c++." Inner whitespace of a phrase matches any whitespace run.
// The pattern is built from escaped literals (no nested or ambiguous repetition), so it runs
// in linear time per start position and needs no time guard.

const WORD_CHAR = '[\\p{L}\\p{N}_]';
const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

export function keywordMatcher(keywords: readonly string[]): (text: string) => boolean {
  const alternatives = keywords.map((k) =>
    k
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(SYNTAX, '\\$&'))
      .join('\\s+'),
  );
  const re = new RegExp(`(?<!${WORD_CHAR})(?:${alternatives.join('|')})(?!${WORD_CHAR})`, 'iu');
  return (text) => re.test(text);
}
