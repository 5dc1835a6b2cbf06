import {
  assertValidLf,
  LfValidationError,
  probeStrings,
  regexRisk,
  staticBacktrackingRisk,
  validateLf,
} from '../src';

const OPTIONS = ['spam', 'ham'];
const base = { id: 'kw', version: 1, owner: 'ana', question_id: 'q1', votes: 'spam' };
const keywords = { ...base, kind: 'keywords', keywords: ['free'] };
const regex = (pattern: string, flags?: string) => ({ ...base, kind: 'regex', pattern, flags });

/** The errors of a definition, as "field: reason" lines. */
function errorsOf(lf: unknown, options: readonly string[] = OPTIONS): string[] {
  const r = validateLf(lf, { options });
  return r.valid ? [] : r.errors.map((e) => `${e.field}: ${e.reason}`);
}

describe('validateLf', () => {
  it('accepts one well-formed LF of each kind', () => {
    const lfs = [
      keywords,
      regex('check.*out', 'i'),
      { ...base, kind: 'length', unit: 'words', max: 4 },
      { ...base, kind: 'model', model: 'local-spam-v3', min_confidence: 0.9 },
      {
        ...base,
        kind: 'llm',
        prompt: 'Is this spam? {{text}}',
        mapping: { yes: 'spam', no: 'ham' },
        votes: undefined,
      },
      { ...base, kind: 'feedback', signal: 'reported_spam' },
    ].map(({ votes, ...rest }) => (rest.kind === 'llm' ? rest : { ...rest, votes }));
    for (const lf of lfs) expect(errorsOf(lf)).toEqual([]);
  });

  it('refuses an unknown kind, naming the known ones', () => {
    expect(errorsOf({ ...base, kind: 'magic' })).toEqual([
      'kind: unknown kind "magic" (one of: keywords, regex, length, model, llm, feedback)',
    ]);
  });

  it('refuses an empty keyword list and an empty keyword', () => {
    expect(errorsOf({ ...keywords, keywords: [] })).toEqual([
      'keywords: is empty (an LF needs at least one keyword)',
    ]);
    expect(errorsOf({ ...keywords, keywords: ['ok', ' '] })).toEqual([
      'keywords[1]: must be a non-empty string',
    ]);
  });

  it('refuses an invalid regex and unknown flags', () => {
    expect(errorsOf(regex('(unclosed'))).toEqual([
      expect.stringMatching(/^pattern: invalid regex \(.*Unterminated group.*\)$/),
    ]);
    expect(errorsOf(regex('ok', 'gi'))).toEqual([
      'flags: must be distinct letters among "imsu", not "gi"',
    ]);
  });

  it('refuses an option the question does not have, in votes and in an llm mapping', () => {
    expect(errorsOf({ ...keywords, votes: 'eggs' })).toEqual([
      'votes: unknown option "eggs" (options: spam, ham)',
    ]);
    const llm = {
      id: 'ask',
      version: 1,
      owner: 'ana',
      question_id: 'q1',
      kind: 'llm',
      prompt: '{{text}}',
    };
    expect(errorsOf({ ...llm, mapping: { yes: 'spam', maybe: 'unsure' } })).toEqual([
      'mapping.maybe: unknown option "unsure" (options: spam, ham)',
    ]);
    // Without a list of options only the shape is checked.
    expect(validateLf({ ...keywords, votes: 'eggs' }).valid).toBe(true);
  });

  it.each([0, -1, 1.5, '1', undefined])('refuses version %p', (version) => {
    expect(errorsOf({ ...keywords, version })).toEqual([
      `version: must be a positive integer, not ${JSON.stringify(version)}`,
    ]);
  });

  it('reports every bad field at once', () => {
    expect(errorsOf({ kind: 'length', unit: 'lines', min: 5, max: 2, votes: 'ham' })).toEqual([
      'id: must be a non-empty string',
      'version: must be a positive integer, not undefined',
      'owner: must be a non-empty string',
      'question_id: must be a non-empty string',
      'unit: must be "chars" or "words", not "lines"',
      'max: is below min (2 < 5)',
    ]);
  });

  it('checks the parameters of the definition-only kinds', () => {
    expect(errorsOf({ ...base, kind: 'model', model: 'm', min_confidence: 1.5 })).toEqual([
      'min_confidence: must be a number in [0, 1], not 1.5',
    ]);
    const llm = { id: 'ask', version: 1, owner: 'ana', question_id: 'q1', kind: 'llm' };
    expect(errorsOf({ ...llm, prompt: 'Is it spam?', mapping: { yes: 'spam' } })).toEqual([
      'prompt: must contain {{text}} (where the item goes)',
    ]);
    expect(errorsOf({ ...llm, prompt: '{{text}}', mapping: {}, votes: 'spam' })).toEqual([
      'votes: an llm LF maps its answers with "mapping" instead',
      'mapping: is empty',
    ]);
    expect(errorsOf({ ...base, kind: 'feedback' })).toEqual([
      'signal: must name the feedback signal',
    ]);
    expect(errorsOf({ ...keywords, mapping: { a: 'spam' } })).toEqual([
      'mapping: only llm LFs map answers; a keywords LF votes one option',
    ]);
    expect(errorsOf({ ...base, kind: 'length', unit: 'chars' })).toEqual([
      'min: a length LF needs min, max or both',
    ]);
  });

  it('assertValidLf throws an error naming the LF, the field and the reason', () => {
    expect(() => assertValidLf({ ...keywords, keywords: [] })).toThrow(LfValidationError);
    expect(() => assertValidLf({ ...keywords, id: 'free_kw', version: 3, keywords: [] })).toThrow(
      'labeling function free_kw@3: keywords: is empty (an LF needs at least one keyword)',
    );
    expect(() => assertValidLf({ ...keywords, id: 'a@b' })).toThrow('id: must not contain "@"');
  });
});

describe('regex guard against catastrophic backtracking', () => {
  it.each([
    ['(a+)+$', 'nested quantifier (star height > 1): "a+" inside "(a+)+"'],
    ['^(\\w+\\s?)*$', 'nested quantifier (star height > 1): "\\w+" inside "(\\w+\\s?)*"'],
    ['(x{1,3})*y', 'nested quantifier'],
    [
      '^(a|a)*$',
      'overlapping alternation under a quantifier: alternatives 1 and 2 can start with the same character',
    ],
    ['(a|ab)+c', 'overlapping alternation under a quantifier'],
    ['(?:\\w|_)+!', 'overlapping alternation under a quantifier'],
    ['(?:A|a){30}', 'overlapping alternation'], // fixed count; "A" and "a" overlap only under i
    ['(?:a?|b?)*', 'alternatives 1 and 2 can both match the empty string'],
  ])('statically refuses %s', (pattern, reason) => {
    const flags = pattern.includes('A|a') ? 'i' : '';
    expect(staticBacktrackingRisk(pattern, flags)).toContain(reason);
  });

  it.each([
    'check.*out',
    'please|plz',
    '\\bhttps?://\\S+',
    '(?:ab)+',
    '(\\d{3})+$',
    '[a-z]+ing\\b',
    '(?:\\d|x){4}',
    '(?:A|a){30}',
  ])('passes the static check: %s', (pattern) => {
    expect(staticBacktrackingRisk(pattern)).toBeNull();
  });

  it('refuses, at run time, an exponential pattern the static check misses', () => {
    const pattern = '(a?){25}a{25}$'; // no nesting of variable repetitions, no alternation
    expect(staticBacktrackingRisk(pattern)).toBeNull();
    const risk = regexRisk(pattern, '');
    // Which of the 31-character probes first runs past the budget twice depends on the machine's
    // load (the one ending in "!" is near it): either refuses the pattern.
    expect(risk).toMatch(
      /^takes more than 25 ms on the probe string "aaaaaaaaaaaa…aaa(!|\\u0000)" \(31 characters\)$/,
    );
    // Validation runs the probes again; timing may pick another probe, never no refusal.
    const errors = errorsOf(regex(pattern));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^pattern: prone to catastrophic backtracking: takes more than 25 ms on the probe string "a+…a+[^"]+" \(\d+ characters\)$/);
  });

  it('probes past a large repetition count', () => {
    const pattern = '(a?){30}a{30}$'; // fast on 30 a's, seconds on 40
    expect(staticBacktrackingRisk(pattern)).toBeNull();
    expect(probeStrings(pattern)).toContain(`${'a'.repeat(60)}!`);
    expect(regexRisk(pattern)).toMatch(/^takes more than 25 ms on the probe string/);
  });

  it('refuses a cubic pattern on the long probes', () => {
    expect(staticBacktrackingRisk('.*.*.*=.*')).toBeNull();
    expect(regexRisk('.*.*.*=.*')).toContain('(1001 characters)');
  });

  it("refuses the brief's example statically (before any probe runs), and probes with it", () => {
    expect(errorsOf(regex('^(a+)+$'))[0]).toMatch(
      /^pattern: prone to catastrophic backtracking: nested/,
    );
    expect(probeStrings('^(a+)+$')).toContain(`${'a'.repeat(30)}!`);
  });

  it('passes ordinary LF patterns on every probe', () => {
    for (const p of [
      'check.*out',
      'please|plz',
      '\\b(?:free|win)\\s+money\\b',
      '^.{0,20}$',
      'http',
    ]) {
      expect(regexRisk(p, 'i')).toBeNull();
    }
  });
});
