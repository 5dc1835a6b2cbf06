import { isDeepStrictEqual } from 'node:util';
import type { MigrationEntry, OntologyDraft, QuestionInput } from '../http/ontology.schemas';

/** An ontology version as the diff reads it. */
export interface DiffableVersion {
  version: number;
  guidelines: OntologyDraft['guidelines'];
  questions: readonly QuestionInput[];
  /** The migration map the version was published with (from version - 1). */
  migrations: readonly MigrationEntry[];
}

export interface QuestionChange {
  questionId: string;
  /** Present when the prompt changed. */
  prompt?: { from: string; to: string };
  /** Present when the question type changed. */
  type?: { from: string; to: string };
  optionsAdded: string[];
  optionsRemoved: string[];
  /** Options kept (same id) whose label changed. */
  optionsRelabeled: { id: string; from: string; to: string }[];
  /** The condition was added, removed or changed (question or options). */
  conditionChanged: boolean;
  /**
   * Other settings that changed, by name: `required`, `contentTypes`, `minSelections`,
   * `maxSelections`, `optionDescriptions`, `optionOrder`.
   */
  otherChanged: string[];
}

export interface OntologyDiff {
  from: number;
  to: number;
  guidelinesChanged: boolean;
  questions: { added: string[]; removed: string[]; changed: QuestionChange[] };
  /** The migration map of `to` when `to` = `from` + 1 (it maps from `from`), else []. */
  migrations: MigrationEntry[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * What changed from version `a` to version `b` (any two versions of one project, drafts
 * included). Pure. Questions and options are matched by id; `added`, `removed` and `changed`
 * keep the order of the version they come from (`b`, `a`, `b`). A question appears in
 * `changed` only when something about it differs.
 */
export function diffOntologies(a: DiffableVersion, b: DiffableVersion): OntologyDiff {
  const before = new Map(a.questions.map((q) => [q.id, q]));
  const after = new Map(b.questions.map((q) => [q.id, q]));
  const changed: QuestionChange[] = [];
  for (const q of b.questions) {
    const old = before.get(q.id);
    if (!old) continue;
    const c = diffQuestion(old, q);
    if (c) changed.push(c);
  }
  return {
    from: a.version,
    to: b.version,
    guidelinesChanged: !isDeepStrictEqual(a.guidelines, b.guidelines),
    questions: {
      added: b.questions.filter((q) => !before.has(q.id)).map((q) => q.id),
      removed: a.questions.filter((q) => !after.has(q.id)).map((q) => q.id),
      changed,
    },
    migrations: b.version === a.version + 1 ? b.migrations.map((m) => ({ ...m, from: [...m.from], to: [...m.to] })) : [],
  };
}

function diffQuestion(a: QuestionInput, b: QuestionInput): QuestionChange | undefined {
  const oldOptions = new Map(a.options.map((o) => [o.id, o]));
  const newIds = new Set(b.options.map((o) => o.id));
  const kept = b.options.filter((o) => oldOptions.has(o.id));
  const other: string[] = [];
  if (a.required !== b.required) other.push('required');
  if (!sameSet(a.contentTypes, b.contentTypes)) other.push('contentTypes');
  if (a.minSelections !== b.minSelections) other.push('minSelections');
  if (a.maxSelections !== b.maxSelections) other.push('maxSelections');
  if (kept.some((o) => oldOptions.get(o.id)!.description !== o.description)) other.push('optionDescriptions');
  const keptOrderBefore = a.options.filter((o) => newIds.has(o.id)).map((o) => o.id);
  if (keptOrderBefore.join('\u0000') !== kept.map((o) => o.id).join('\u0000')) other.push('optionOrder');
  const c: QuestionChange = {
    questionId: b.id,
    ...(a.prompt !== b.prompt ? { prompt: { from: a.prompt, to: b.prompt } } : {}),
    ...(a.type !== b.type ? { type: { from: a.type, to: b.type } } : {}),
    optionsAdded: b.options.filter((o) => !oldOptions.has(o.id)).map((o) => o.id),
    optionsRemoved: a.options.filter((o) => !newIds.has(o.id)).map((o) => o.id),
    optionsRelabeled: kept.filter((o) => oldOptions.get(o.id)!.label !== o.label).map((o) => ({ id: o.id, from: oldOptions.get(o.id)!.label, to: o.label })),
    conditionChanged: !isDeepStrictEqual(normalizeCondition(a.condition), normalizeCondition(b.condition)),
    otherChanged: other,
  };
  const same =
    !c.prompt && !c.type && !c.optionsAdded.length && !c.optionsRemoved.length && !c.optionsRelabeled.length && !c.conditionChanged && !other.length;
  return same ? undefined : c;
}

const normalizeCondition = (c: QuestionInput['condition']) => (c ? { questionId: c.questionId, anyOf: [...c.anyOf].sort() } : null);
