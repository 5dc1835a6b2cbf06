// Test fixture: the ten labeling functions of Snorkel's spam tutorial (snorkel-tutorials,
// spam/01_spam_tutorial) as keyword / regex functions, applied to the YouTube spam collection
// (demo/data/youtube_spam, see its SOURCE.md). Votes are `item,worker,label` rows: the worker is
// the LF, an abstain is no row.
//
// Seven LFs are exact translations (substring keywords, the regex, the length rule). Three need
// libraries the tutorial loads and we do not (spaCy NER, TextBlob's sentiment lexicon); they are
// approximated with word lists, so these votes are close to, not equal to, the tutorial's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '@verity/csv';

export const YOUTUBE_DIR = path.resolve(__dirname, '../../../..', 'demo/data/youtube_spam');
export const SPAM = 'spam';
export const HAM = 'ham';

export interface Comment {
  /** File name and row number (COMMENT_ID is not unique in this collection). */
  readonly key: string;
  readonly text: string;
  readonly label: typeof SPAM | typeof HAM;
}

export interface Vote {
  readonly item: string;
  readonly worker: string;
  readonly label: string;
}

type Lf = (text: string) => string | null;

const lower = (t: string) => t.toLowerCase();
const anyOf =
  (words: readonly string[], label: string): Lf =>
  (t) =>
    words.some((w) => lower(t).includes(w)) ? label : null;
const tokens = (t: string) => t.split(/\s+/).filter((w) => w.length > 0);
const wordsOf = (t: string) => new Set(lower(t).match(/[a-z']+/g) ?? []);
const hasWord = (words: readonly string[]) => (t: string) => {
  const w = wordsOf(t);
  return words.some((x) => w.has(x));
};

// Stand-ins for spaCy's PERSON entities: the people these comments talk about.
const PEOPLE = [
  'shakira',
  'eminem',
  'rihanna',
  'katy',
  'perry',
  'psy',
  'lmfao',
  'redfoo',
  'justin',
  'bieber',
  'taylor',
  'swift',
  'michael',
  'jackson',
  'beyonce',
  'gaga',
  'miley',
  'drake',
  'adele',
  'pitbull',
];
// Stand-ins for TextBlob: words whose polarity is 1.0, and words whose subjectivity is ≥ 0.5.
export const MAX_POSITIVE = [
  'best',
  'perfect',
  'awesome',
  'excellent',
  'wonderful',
  'greatest',
  'magnificent',
  'impressive',
  'superb',
];
export const SUBJECTIVE = [
  'love',
  'loved',
  'nice',
  'good',
  'great',
  'beautiful',
  'amazing',
  'awesome',
  'cool',
  'favorite',
  'favourite',
  'funny',
  'cute',
  'sexy',
  'perfect',
  'wonderful',
  'bad',
  'hate',
  'stupid',
  'crazy',
  'sweet',
  'happy',
  'lovely',
  'pretty',
  'fun',
  'excellent',
  'incredible',
  'horrible',
  'terrible',
  'epic',
];

/** The tutorial's ten LFs, in its order. */
export const YOUTUBE_LFS: Readonly<Record<string, Lf>> = {
  keyword_my: anyOf(['my'], SPAM),
  keyword_subscribe: anyOf(['subscribe'], SPAM),
  keyword_link: anyOf(['http'], SPAM),
  keyword_please: anyOf(['please', 'plz'], SPAM),
  keyword_song: anyOf(['song'], HAM),
  regex_check_out: (t) => (/check.*out/i.test(t) ? SPAM : null),
  short_comment: (t) => (tokens(t).length < 5 ? HAM : null),
  has_person: (t) => (tokens(t).length < 20 && hasWord(PEOPLE)(t) ? HAM : null),
  polarity_max: (t) => (hasWord(MAX_POSITIVE)(t) ? HAM : null),
  subjective: (t) => (hasWord(SUBJECTIVE)(t) ? HAM : null),
};

export function applyLfs(comments: readonly Comment[]): Vote[] {
  const out: Vote[] = [];
  for (const c of comments) {
    for (const [name, lf] of Object.entries(YOUTUBE_LFS)) {
      const label = lf(c.text);
      if (label !== null) out.push({ item: c.key, worker: name, label });
    }
  }
  return out;
}

/** Comments of one file of the collection (e.g. 'Youtube05-Shakira.csv'). */
export function loadComments(file: string, dir = YOUTUBE_DIR): Comment[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(dir, file), 'utf8'));
  const content = header.indexOf('CONTENT');
  const cls = header.indexOf('CLASS');
  return rows
    .filter((r) => r.length > Math.max(content, cls))
    .map((r, i) => ({
      key: `${file}#${i + 1}`,
      text: r[content],
      label: r[cls].trim() === '1' ? SPAM : HAM,
    }));
}

/** The tutorial's split: files 01–04 to fit on (labels unused), Youtube05 to test on. */
export const TRAIN_FILES = [
  'Youtube01-Psy.csv',
  'Youtube02-KatyPerry.csv',
  'Youtube03-LMFAO.csv',
  'Youtube04-Eminem.csv',
];
export const TEST_FILE = 'Youtube05-Shakira.csv';
