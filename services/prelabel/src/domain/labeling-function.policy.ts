import {
  applyLfs,
  LfApplyError,
  lfKey,
  validateLf,
  type LabelingFunction,
  type LfExtras,
  type LfFieldError,
  type LfItem,
  type LfVote,
} from '@verity/label-science';
import { QuestionKind } from '@verity/contracts';
import { LOCAL_MODEL } from './lf-inputs.policy';

/**
 * Whether the LF votes here. Prelabel runs every kind itself on arriving tasks and in backfills:
 * the text's own kinds need nothing else; `model` LFs read the local model, `feedback` LFs the
 * production feedback, `llm` LFs the answers of the configured LLM endpoint (LfInputs), so llm
 * LFs vote only when one is configured.
 */
export const votesHere = (lf: LabelingFunction, llmAvailable: boolean): boolean => lf.kind !== 'llm' || llmAvailable;

/** The fields of each kind besides id, question_id and kind (label-science's definitions). */
const KIND_FIELDS: Readonly<Record<LabelingFunction['kind'], readonly string[]>> = {
  keywords: ['votes', 'keywords'],
  regex: ['votes', 'pattern', 'flags'],
  length: ['votes', 'unit', 'min', 'max'],
  model: ['votes', 'model', 'min_confidence'],
  llm: ['prompt', 'mapping'],
  feedback: ['votes', 'signal'],
};

/** A question as prelabel knows it: from the project's ontology copy, or a task's question snapshot. */
export interface KnownQuestion {
  readonly questionId: string;
  readonly options: readonly string[];
  /** The question's kind (QuestionKind); LFs vote one label per item, so single choice only. */
  readonly kind: number;
}

/** What an LF's question and options were checked against. */
export type CheckedAgainst = 'ontology' | 'task_snapshot' | 'unchecked';

export type LfCheck =
  | { readonly ok: true; readonly lf: LabelingFunction; readonly checkedAgainst: CheckedAgainst }
  | { readonly ok: false; readonly errors: readonly LfFieldError[] };

/**
 * A definition sent over HTTP (no version, no owner) as the LF `version` of `owner`, checked by
 * label-science's validateLf (regex syntax and backtracking guard included) and against the
 * question: with the ontology's questions known, an unknown question is refused; with only a task
 * snapshot of the question, its options are checked; with neither, the options cannot be. A
 * field the kind does not have is refused too (nothing unchecked is stored).
 */
export function checkLfDefinition(
  body: Readonly<Record<string, unknown>>,
  args: { version: number; owner: string; ontology: readonly KnownQuestion[] | null; snapshot: KnownQuestion | null },
): LfCheck {
  const errors: LfFieldError[] = [];
  for (const f of ['version', 'owner'] as const)
    if (f in body) errors.push({ field: f, reason: 'is set by the server (owner: the caller; version: 1, then +1 per change)' });
  const allowed = KIND_FIELDS[body.kind as LabelingFunction['kind']];
  if (allowed)
    for (const f of Object.keys(body))
      // votes / mapping on the wrong kind: validateLf names them.
      if (!['id', 'question_id', 'kind', 'version', 'owner', 'votes', 'mapping', ...allowed].includes(f))
        errors.push({ field: f, reason: `unknown field for a ${String(body.kind)} LF (its fields: ${allowed.join(', ')})` });
  const questionId = body.question_id;
  let known: KnownQuestion | null = null;
  let checkedAgainst: CheckedAgainst = 'unchecked';
  if (typeof questionId === 'string' && args.ontology) {
    known = args.ontology.find((q) => q.questionId === questionId) ?? null;
    checkedAgainst = 'ontology';
    if (!known) errors.push({ field: 'question_id', reason: `unknown question "${questionId}" (questions: ${args.ontology.map((q) => q.questionId).join(', ') || 'none'})` });
  } else if (typeof questionId === 'string' && args.snapshot?.questionId === questionId) {
    known = args.snapshot;
    checkedAgainst = 'task_snapshot';
  }
  if (body.kind === 'model' && typeof body.model === 'string' && body.model !== LOCAL_MODEL)
    errors.push({ field: 'model', reason: `unknown model "${body.model}" (prelabel serves "${LOCAL_MODEL}": the project's local model of the question)` });
  if (known && known.kind !== QuestionKind.SINGLE_CHOICE)
    errors.push({ field: 'question_id', reason: `question "${known.questionId}" is ${QuestionKind[known.kind] ?? known.kind}; labeling functions vote on single-choice questions` });
  else if (known && known.options.length === 0) errors.push({ field: 'question_id', reason: `question "${known.questionId}" has no options to vote for` });
  const r = validateLf({ ...body, version: args.version, owner: args.owner }, known && known.options.length ? { options: known.options } : {});
  if (!r.valid) errors.push(...r.errors.filter((e) => !(e.field === 'version' || e.field === 'owner')));
  if (errors.length || !r.valid) return { ok: false, errors };
  return { ok: true, lf: r.lf, checkedAgainst };
}

/** The definition as stored (`definition` column): everything but id, version and owner. */
export function storedDefinition(lf: LabelingFunction): Record<string, unknown> {
  const { id: _id, version: _version, owner: _owner, ...rest } = lf;
  return rest;
}

/** Whether two definitions vote alike (same fields and values, whatever the key order). */
export function sameDefinition(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** An item a task brought: its text and the question the task asks. */
export interface LfTaskItem extends LfItem {
  readonly questionId: string;
}

export interface LfRun {
  readonly votes: LfVote[];
  /** LFs that could not run on these items (a regex over its time budget), with the reason. */
  readonly failures: { readonly lf: string; readonly reason: string }[];
}

/**
 * Runs the LFs on the items of their question: one vote per (item, LF version) that
 * fires. One LF at a time, so an LF that cannot run (a regex over its time budget) loses its own
 * votes of this run only. `extras`: what model, feedback and llm LFs read (LfInputs); without them
 * those abstain.
 */
export function runAutomaticLfs(lfs: readonly LabelingFunction[], items: readonly LfTaskItem[], extras: LfExtras = {}, regexBudgetMs = 1000): LfRun {
  const votes: LfVote[] = [];
  const failures: { lf: string; reason: string }[] = [];
  for (const lf of lfs) {
    const mine = items.filter((it) => it.questionId === lf.question_id);
    if (mine.length === 0) continue;
    try {
      votes.push(...applyLfs([lf], mine.map(({ id, text }) => ({ id, text })), extras, { regexBudgetMs }));
    } catch (e) {
      // Over its regex budget (LfApplyError), or a stored definition the library now refuses:
      // this LF loses its votes of this run; the others and the caller's work go on.
      if (!(e instanceof Error)) throw e;
      failures.push({ lf: lfKey(lf), reason: e instanceof LfApplyError ? e.message : `${lfKey(lf)}: ${e.message}` });
    }
  }
  return { votes, failures };
}
