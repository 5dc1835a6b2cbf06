// Labeling functions (LFs) as plain, JSON-serialisable, versioned definitions. An LF votes one
// option of one question on an item or abstains; `id@version` names one version everywhere
// (the label model's worker, the votes file's `lf` column).

export const LF_KINDS = ['keywords', 'regex', 'length', 'model', 'llm', 'feedback'] as const;
export type LfKind = (typeof LF_KINDS)[number];

interface LfBase {
  readonly id: string;
  /** Positive integer; a changed definition is a new version, so old votes stay attributable. */
  readonly version: number;
  readonly owner: string;
  readonly question_id: string;
}

/** Every kind but `llm` votes one option when it fires. */
interface VotesOne {
  readonly votes: string;
}

/** Case-insensitive, whole-word: a keyword is not matched inside a longer word. Phrases match
 * across any run of whitespace. */
export interface KeywordsLf extends LfBase, VotesOne {
  readonly kind: 'keywords';
  readonly keywords: readonly string[];
}

/** A JavaScript regular expression (flags among `imsu`), tested anywhere in the text. */
export interface RegexLf extends LfBase, VotesOne {
  readonly kind: 'regex';
  readonly pattern: string;
  readonly flags?: string;
}

/** Fires when the text's length is within [min, max] (inclusive; either may be left out).
 * Words are runs of non-whitespace. */
export interface LengthLf extends LfBase, VotesOne {
  readonly kind: 'length';
  readonly unit: 'chars' | 'words';
  readonly min?: number;
  readonly max?: number;
}

/** The project's local model: fires when the caller-supplied score (the model's confidence
 * that the item is `votes`) is at least `min_confidence`. */
export interface ModelLf extends LfBase, VotesOne {
  readonly kind: 'model';
  readonly model: string;
  readonly min_confidence: number;
}

/** A prompt template (must contain `{{text}}`); the caller runs it and supplies the answer,
 * which `mapping` turns into an option (answers compared trimmed and case-insensitively; an
 * unmapped answer abstains). */
export interface LlmLf extends LfBase {
  readonly kind: 'llm';
  readonly prompt: string;
  readonly mapping: Readonly<Record<string, string>>;
}

/** Production feedback as a weak label: fires when the item received the feedback `signal`
 * (e.g. "reported_spam"); the caller supplies each item's signals. */
export interface FeedbackLf extends LfBase, VotesOne {
  readonly kind: 'feedback';
  readonly signal: string;
}

export type LabelingFunction = KeywordsLf | RegexLf | LengthLf | ModelLf | LlmLf | FeedbackLf;

/** One vote; an abstain is no vote. `time` (ms since the epoch) is the item's, when given. */
export interface LfVote {
  readonly item_id: string;
  readonly lf_id: string;
  readonly lf_version: number;
  readonly question_id: string;
  readonly label: string;
  readonly time?: number;
}

export const lfKey = (lf: { readonly id: string; readonly version: number }): string =>
  `${lf.id}@${lf.version}`;

/** `id@version` → parts; a name without a positive-integer version suffix is all id. */
export function parseLfKey(key: string): { id: string; version: number | null } {
  const at = key.lastIndexOf('@');
  if (at > 0 && /^[1-9]\d*$/.test(key.slice(at + 1))) {
    return { id: key.slice(0, at), version: Number(key.slice(at + 1)) };
  }
  return { id: key, version: null };
}

/** The prompt an `llm` LF sends for one item. */
export function renderLlmPrompt(lf: LlmLf, text: string): string {
  return lf.prompt.split('{{text}}').join(text);
}
