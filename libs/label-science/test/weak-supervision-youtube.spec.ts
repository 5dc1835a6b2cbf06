import { analyzeLfs, applyLfs as applyDefinitions, type LabelingFunction, lfKey } from '../src';
import {
  applyLfs as applyCodeLfs,
  HAM,
  loadComments,
  MAX_POSITIVE,
  SPAM,
  SUBJECTIVE,
  TEST_FILE,
  type Vote,
} from './support/youtube-spam-lfs';

// The YouTube LFs of test/support/youtube-spam-lfs.ts that are keyword / regex / length rules,
// re-expressed as definitions. Snorkel's keyword LFs match substrings ("my" fires on "mystery"),
// so they become regex LFs; the TextBlob stand-ins match whole words, so they are keyword LFs.
// has_person (fewer than 20 words AND a name) combines two rules: it stays code.
const base = { version: 1, owner: 'snorkel-tutorial', question_id: 'spam' };
const substring = (id: string, pattern: string, votes: string): LabelingFunction => ({
  ...base,
  id,
  kind: 'regex',
  pattern,
  flags: 'i',
  votes,
});
const DEFINITIONS: LabelingFunction[] = [
  substring('keyword_my', 'my', SPAM),
  substring('keyword_subscribe', 'subscribe', SPAM),
  substring('keyword_link', 'http', SPAM),
  substring('keyword_please', 'please|plz', SPAM),
  substring('keyword_song', 'song', HAM),
  substring('regex_check_out', 'check.*out', SPAM),
  { ...base, id: 'short_comment', kind: 'length', unit: 'words', max: 4, votes: HAM },
  { ...base, id: 'polarity_max', kind: 'keywords', keywords: MAX_POSITIVE, votes: HAM },
  { ...base, id: 'subjective', kind: 'keywords', keywords: SUBJECTIVE, votes: HAM },
];

describe('the YouTube LFs as definitions, on Youtube05 (370 comments)', () => {
  const comments = loadComments(TEST_FILE);
  const gold = new Map(comments.map((c) => [c.key, c.label]));
  const votes = applyDefinitions(
    DEFINITIONS,
    comments.map((c) => ({ id: c.key, text: c.text })),
  );
  const code = applyCodeLfs(comments).filter((v) => v.worker !== 'has_person');
  const analysis = analyzeLfs(votes, { gold, items: [...gold.keys()] });
  const stats = new Map(analysis.lfs.map((s) => [s.id, s]));

  it('cast exactly the votes of the code LFs', () => {
    const asRows = votes.map((v): Vote => ({ item: v.item_id, worker: v.lf_id, label: v.label }));
    const key = (v: Vote) => `${v.item}|${v.worker}|${v.label}`;
    expect(asRows.map(key).sort()).toEqual(code.map(key).sort());
  });

  it.each(DEFINITIONS.map((d) => d.id))(
    '%s: coverage and accuracy match a direct count of the code LF',
    (id) => {
      const mine = code.filter((v) => v.worker === id);
      const right = mine.filter((v) => gold.get(v.item) === v.label).length;
      const s = stats.get(id)!;
      expect(s.lf).toBe(lfKey({ id, version: 1 }));
      expect(s.coverage).toBeCloseTo(mine.length / comments.length, 12);
      expect(s.accuracy).toMatchObject({
        defined: true,
        value: { successes: right, trials: mine.length },
      });
    },
  );

  it('pins the figures (Youtube05: 370 rows)', () => {
    const fig = (id: string) => {
      const s = stats.get(id)!;
      return [s.votes, s.accuracy.defined ? s.accuracy.value.successes : null];
    };
    expect(fig('keyword_my')).toEqual([65, 58]);
    expect(fig('regex_check_out')).toEqual([71, 71]);
    expect(fig('short_comment')).toEqual([132, 121]);
    expect(fig('keyword_song')).toEqual([90, 64]);
    expect(analysis.totals).toMatchObject({ items: 370, lfs: 9, goldItems: 370 });
    // Coverage of the set: comments with at least one vote from the code LFs.
    expect(new Set(code.map((v) => v.item)).size).toBe(324);
    expect(analysis.totals.coverage).toBe(324 / 370);
  });
});
