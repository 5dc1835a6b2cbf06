import { applyLfs, type LabelingFunction, LfApplyError, renderLlmPrompt } from '../src';

const base = { version: 1, owner: 'ana', question_id: 'q1' };
const items = [
  { id: 'i1', text: 'Check out my channel: http://x.example', time: 1000 },
  { id: 'i2', text: 'What a MYSTERY song', time: 2000 },
  { id: 'i3', text: 'Best   song ever, free-money!' },
  { id: 'i4', text: 'ok' },
];
const labelsBy = (votes: ReturnType<typeof applyLfs>, lf: string) =>
  Object.fromEntries(votes.filter((v) => v.lf_id === lf).map((v) => [v.item_id, v.label]));

describe('applyLfs', () => {
  it('keywords: case-insensitive, whole-word, phrases across any whitespace', () => {
    const lfs: LabelingFunction[] = [
      { ...base, id: 'my', kind: 'keywords', keywords: ['my'], votes: 'spam' },
      { ...base, id: 'phrase', kind: 'keywords', keywords: ['best song', 'money!'], votes: 'ham' },
    ];
    const votes = applyLfs(lfs, items);
    // "MYSTERY" contains "my" but is another word; "money!" ends in a non-word character.
    expect(labelsBy(votes, 'my')).toEqual({ i1: 'spam' });
    expect(labelsBy(votes, 'phrase')).toEqual({ i3: 'ham' });
  });

  it('regex and length LFs, votes carry the LF version, question and the item time', () => {
    const lfs: LabelingFunction[] = [
      { ...base, id: 'link', version: 2, kind: 'regex', pattern: 'https?://', votes: 'spam' },
      { ...base, id: 'check', kind: 'regex', pattern: 'CHECK\\s+OUT', flags: 'i', votes: 'spam' },
      { ...base, id: 'short', kind: 'length', unit: 'words', max: 3, votes: 'ham' },
      { ...base, id: 'tiny', kind: 'length', unit: 'chars', min: 1, max: 2, votes: 'ham' },
    ];
    const votes = applyLfs(lfs, items);
    expect(votes).toEqual([
      { item_id: 'i1', lf_id: 'link', lf_version: 2, question_id: 'q1', label: 'spam', time: 1000 },
      {
        item_id: 'i1',
        lf_id: 'check',
        lf_version: 1,
        question_id: 'q1',
        label: 'spam',
        time: 1000,
      },
      { item_id: 'i4', lf_id: 'short', lf_version: 1, question_id: 'q1', label: 'ham' },
      { item_id: 'i4', lf_id: 'tiny', lf_version: 1, question_id: 'q1', label: 'ham' },
    ]);
  });

  it('model, llm and feedback LFs use what the caller supplies', () => {
    const llm: LabelingFunction = {
      ...base,
      id: 'ask',
      kind: 'llm',
      prompt: 'Is this comment spam? Answer yes or no.\n{{text}}',
      mapping: { Yes: 'spam', no: 'ham' },
    };
    const lfs: LabelingFunction[] = [
      { ...base, id: 'clf', kind: 'model', model: 'spam-v3', min_confidence: 0.8, votes: 'spam' },
      llm,
      { ...base, id: 'reported', kind: 'feedback', signal: 'reported_spam', votes: 'spam' },
    ];
    const votes = applyLfs(lfs, items, {
      scores: { 'clf@1': { i1: 0.95, i2: 0.8, i3: 0.79 } },
      llmAnswers: { ask: { i1: ' YES ', i2: 'No', i3: 'not sure' } },
      feedback: { i3: ['liked', 'reported_spam'], i4: ['liked'] },
    });
    expect(labelsBy(votes, 'clf')).toEqual({ i1: 'spam', i2: 'spam' }); // threshold inclusive
    expect(labelsBy(votes, 'ask')).toEqual({ i1: 'spam', i2: 'ham' }); // unmapped answer abstains
    expect(labelsBy(votes, 'reported')).toEqual({ i3: 'spam' });
    expect(renderLlmPrompt(llm as LabelingFunction & { kind: 'llm' }, 'hi')).toBe(
      'Is this comment spam? Answer yes or no.\nhi',
    );
  });

  it('refuses an invalid LF, a risky regex and the same LF version twice', () => {
    const kw: LabelingFunction = {
      ...base,
      id: 'k',
      kind: 'keywords',
      keywords: [],
      votes: 'spam',
    };
    expect(() => applyLfs([kw], items)).toThrow('labeling function k@1: keywords: is empty');
    const risky: LabelingFunction = {
      ...base,
      id: 'r',
      kind: 'regex',
      pattern: '(a+)+$',
      votes: 'spam',
    };
    expect(() => applyLfs([risky], items)).toThrow(
      /r@1: pattern: prone to catastrophic backtracking/,
    );
    const ok: LabelingFunction = { ...kw, keywords: ['x'] };
    expect(() => applyLfs([ok, ok], items)).toThrow('labeling function k@1 is given twice');
  });

  it('bounds regex time: a slow batch throws, naming the LF and items, instead of hanging', () => {
    // Passes the static check (only the probe strings refuse it); seconds on 40 a's and a "!".
    const slow: LabelingFunction = {
      ...base,
      id: 'slow',
      kind: 'regex',
      pattern: '(a?){30}a{30}$',
      votes: 'spam',
    };
    const texts = [
      { id: 'fine', text: 'b' },
      { id: 'evil', text: `${'a'.repeat(40)}!` },
    ];
    expect(() => applyLfs([slow], texts, {}, { regexBudgetMs: 50 })).toThrow(LfApplyError);
    expect(() => applyLfs([slow], texts, {}, { regexBudgetMs: 50 })).toThrow(
      'labeling function slow@1: regex exceeded its 50 ms budget on items fine … evil (2 items); refused',
    );
  });

  it('evaluates regex LFs across batch boundaries in item order', () => {
    const lf: LabelingFunction = { ...base, id: 'd', kind: 'regex', pattern: '\\d', votes: 'spam' };
    const many = Array.from({ length: 7 }, (_, i) => ({
      id: `n${i}`,
      text: i % 3 === 0 ? `x${i}` : 'x',
    }));
    const votes = applyLfs([lf], many, {}, { batchSize: 2 });
    expect(votes.map((v) => v.item_id)).toEqual(['n0', 'n3', 'n6']);
  });
});
