import { QuestionKind } from '@verity/contracts';
import type { LabelingFunction } from '@verity/label-science';
import { checkLfDefinition, runAutomaticLfs, sameDefinition, storedDefinition, votesHere } from './labeling-function.policy';

const single = QuestionKind.SINGLE_CHOICE;
const ontology = [
  { questionId: 'spam', options: ['ham', 'spam'], kind: single },
  { questionId: 'empty', options: [], kind: single },
  { questionId: 'tags', options: ['a', 'b'], kind: QuestionKind.MULTIPLE_CHOICE },
];
const args = { version: 1, owner: 'pm-1', ontology, snapshot: null };
const fields = (r: ReturnType<typeof checkLfDefinition>) => (r.ok ? [] : r.errors.map((e) => e.field));
const reasons = (r: ReturnType<typeof checkLfDefinition>) => (r.ok ? '' : r.errors.map((e) => `${e.field}: ${e.reason}`).join('; '));

describe('checkLfDefinition', () => {
  it('accepts a keyword LF, stamping version and owner, checked against the ontology', () => {
    const r = checkLfDefinition({ id: 'kw', question_id: 'spam', kind: 'keywords', keywords: ['subscribe'], votes: 'spam' }, args);
    expect(r).toMatchObject({ ok: true, checkedAgainst: 'ontology', lf: { id: 'kw', version: 1, owner: 'pm-1', votes: 'spam' } });
  });

  it('refuses an invalid regex and a catastrophic-backtracking one, naming the pattern', () => {
    const bad = checkLfDefinition({ id: 're', question_id: 'spam', kind: 'regex', pattern: '(abc', votes: 'spam' }, args);
    expect(fields(bad)).toEqual(['pattern']);
    expect(reasons(bad)).toMatch(/invalid regex/);
    const slow = checkLfDefinition({ id: 're', question_id: 'spam', kind: 'regex', pattern: '(a+)+$', votes: 'spam' }, args);
    expect(fields(slow)).toEqual(['pattern']);
    expect(reasons(slow)).toMatch(/catastrophic backtracking/);
  });

  it('refuses an unknown question, an unknown option, a question without options and one not single-choice', () => {
    expect(reasons(checkLfDefinition({ id: 'x', question_id: 'topic', kind: 'keywords', keywords: ['a'], votes: 'spam' }, args))).toMatch(/^question_id: unknown question "topic"/);
    const opt = checkLfDefinition({ id: 'x', question_id: 'spam', kind: 'keywords', keywords: ['a'], votes: 'eggs' }, args);
    expect(fields(opt)).toEqual(['votes']);
    expect(reasons(opt)).toMatch(/unknown option "eggs"/);
    expect(fields(checkLfDefinition({ id: 'x', question_id: 'empty', kind: 'keywords', keywords: ['a'], votes: 'a' }, args))).toEqual(['question_id']);
    expect(reasons(checkLfDefinition({ id: 'x', question_id: 'tags', kind: 'keywords', keywords: ['a'], votes: 'a' }, args))).toBe(
      'question_id: question "tags" is MULTIPLE_CHOICE; labeling functions vote on single-choice questions',
    );
  });

  it('refuses version and owner in the body (the server sets them)', () => {
    const r = checkLfDefinition({ id: 'kw', question_id: 'spam', kind: 'keywords', keywords: ['a'], votes: 'spam', version: 7, owner: 'me' }, args);
    expect(fields(r).sort()).toEqual(['owner', 'version']);
  });

  it('refuses a field the kind does not have', () => {
    const r = checkLfDefinition({ id: 'kw', question_id: 'spam', kind: 'keywords', keywords: ['a'], votes: 'spam', pattern: 'x' }, args);
    expect(reasons(r)).toBe('pattern: unknown field for a keywords LF (its fields: votes, keywords)');
  });

  it('without an ontology copy: checks options against a task snapshot of the question, else cannot', () => {
    const body = { id: 'kw', question_id: 'spam', kind: 'keywords', keywords: ['a'], votes: 'eggs' };
    const snap = checkLfDefinition(body, { ...args, ontology: null, snapshot: { questionId: 'spam', options: ['ham', 'spam'], kind: single } });
    expect(fields(snap)).toEqual(['votes']);
    const none = checkLfDefinition(body, { ...args, ontology: null });
    expect(none).toMatchObject({ ok: true, checkedAgainst: 'unchecked' });
  });

  it('accepts the kinds prelabel does not run itself (stored only)', () => {
    const llm = checkLfDefinition({ id: 'llm', question_id: 'spam', kind: 'llm', prompt: 'Spam? {{text}}', mapping: { yes: 'spam', no: 'ham' } }, args);
    expect(llm.ok).toBe(true);
    const model = checkLfDefinition({ id: 'm', question_id: 'spam', kind: 'model', model: 'local', min_confidence: 2, votes: 'spam' }, args);
    expect(fields(model)).toEqual(['min_confidence']);
  });

  it('a model LF names the local model; any other model is refused', () => {
    expect(checkLfDefinition({ id: 'm', question_id: 'spam', kind: 'model', model: 'local', min_confidence: 0.9, votes: 'spam' }, args).ok).toBe(true);
    const other = checkLfDefinition({ id: 'm', question_id: 'spam', kind: 'model', model: 'gpt-spam', min_confidence: 0.9, votes: 'spam' }, args);
    expect(reasons(other)).toBe('model: unknown model "gpt-spam" (prelabel serves "local": the project\'s local model of the question)');
  });
});

describe('definitions', () => {
  const lf = { id: 'kw', version: 3, owner: 'a', question_id: 'spam', kind: 'keywords', keywords: ['x'], votes: 'spam' } as const;
  it('stores everything but id, version and owner, and compares regardless of key order', () => {
    expect(storedDefinition(lf)).toEqual({ question_id: 'spam', kind: 'keywords', keywords: ['x'], votes: 'spam' });
    expect(sameDefinition({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameDefinition({ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] })).toBe(false);
    expect(sameDefinition(storedDefinition(lf), storedDefinition({ ...lf, version: 4, owner: 'b' }))).toBe(true);
  });
});

describe('runAutomaticLfs', () => {
  const base = { owner: 'pm', question_id: 'spam' };
  const lfs: LabelingFunction[] = [
    { ...base, id: 'kw', version: 1, kind: 'keywords', keywords: ['check out'], votes: 'spam' },
    { ...base, id: 'url', version: 2, kind: 'regex', pattern: 'https?://', flags: 'i', votes: 'spam' },
    { ...base, id: 'short', version: 1, kind: 'length', unit: 'words', max: 3, votes: 'ham' },
    { ...base, id: 'llm', version: 1, kind: 'llm', prompt: '{{text}}', mapping: { yes: 'spam' } },
    { ...base, id: 'other-q', version: 1, question_id: 'topic', kind: 'keywords', keywords: ['nice'], votes: 'x' },
  ];
  const items = [
    { id: 'i1', questionId: 'spam', text: 'Check out my channel HTTP://x.y' },
    { id: 'i2', questionId: 'spam', text: 'nice song' },
    { id: 'i3', questionId: 'spam', text: 'I have listened to this a hundred times' },
  ];

  it('votes per (item, LF version) that fires, on the LF question only; llm LFs abstain without answers', () => {
    const { votes, failures } = runAutomaticLfs(lfs, items);
    expect(failures).toEqual([]);
    const got = votes.map((v) => `${v.item_id}:${v.lf_id}@${v.lf_version}=${v.label}`).sort();
    expect(got).toEqual(['i1:kw@1=spam', 'i1:url@2=spam', 'i2:short@1=ham']);
  });

  it('model, feedback and llm LFs vote from the extras given, and abstain without them', () => {
    const more: LabelingFunction[] = [
      { ...base, id: 'clf', version: 1, kind: 'model', model: 'local', min_confidence: 0.8, votes: 'spam' },
      { ...base, id: 'reported', version: 1, kind: 'feedback', signal: 'user_correction:spam', votes: 'spam' },
      lfs[3]!,
    ];
    expect(runAutomaticLfs(more, items).votes).toEqual([]);
    const extras = {
      scores: { 'clf@1': { i1: 0.95, i2: 0.6 } },
      feedback: { i3: ['user_correction', 'user_correction:spam'], i2: ['user_correction'] },
      llmAnswers: { 'llm@1': { i2: 'Yes', i3: 'perhaps' } },
    };
    const got = runAutomaticLfs(more, items, extras).votes.map((v) => `${v.item_id}:${v.lf_id}=${v.label}`).sort();
    expect(got).toEqual(['i1:clf=spam', 'i2:llm=spam', 'i3:reported=spam']);
  });

  it('votesHere: every kind, llm only with an LLM endpoint', () => {
    expect(lfs.map((lf) => votesHere(lf, false))).toEqual([true, true, true, false, true]);
    expect(votesHere(lfs[3]!, true)).toBe(true);
  });

  it('an LF that cannot run loses its own votes only', () => {
    // Stored before a stricter library, say: the static check refuses it when applied.
    const bad = { ...base, id: 'bad', version: 1, kind: 'regex', pattern: '(a+)+$', votes: 'spam' } as LabelingFunction;
    const { votes, failures } = runAutomaticLfs([bad, lfs[0]], items);
    expect(failures.map((f) => f.lf)).toEqual(['bad@1']);
    expect(votes.map((v) => v.lf_id)).toEqual(['kw']);
  });
});
