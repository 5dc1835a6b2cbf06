import { LF_KINDS, type LabelingFunction, lfKey } from './labeling-function';
import { type RegexGuardOptions, regexRisk } from './regex-guard';
import { staticBacktrackingRisk } from './regex-static-check';

export interface LfFieldError {
  readonly field: string;
  readonly reason: string;
}

export type LfValidation =
  | { readonly valid: true; readonly lf: LabelingFunction }
  | { readonly valid: false; readonly errors: readonly LfFieldError[] };

export interface ValidateLfOptions extends RegexGuardOptions {
  /** The question's options: `votes` and `mapping` targets must be among them. */
  readonly options?: readonly string[];
  /** Run the regex probe strings (default true); the static check always runs. */
  readonly probe?: boolean;
}

export const REGEX_FLAGS = 'imsu';

export class LfValidationError extends Error {
  constructor(
    readonly lf: string,
    readonly errors: readonly LfFieldError[],
  ) {
    super(`labeling function ${lf}: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}`);
    this.name = 'LfValidationError';
  }
}

type Rec = Record<string, unknown>;
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Checks a definition (e.g. parsed from JSON) field by field; every problem is reported. */
export function validateLf(input: unknown, options: ValidateLfOptions = {}): LfValidation {
  const errors: LfFieldError[] = [];
  const fail = (field: string, reason: string) => errors.push({ field, reason });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { valid: false, errors: [{ field: '(lf)', reason: 'must be an object' }] };
  }
  const lf = input as Rec;

  if (!isText(lf.id)) fail('id', 'must be a non-empty string');
  else if (lf.id.includes('@')) fail('id', 'must not contain "@" (it separates id and version)');
  if (!(typeof lf.version === 'number' && Number.isInteger(lf.version) && lf.version > 0)) {
    fail('version', `must be a positive integer, not ${JSON.stringify(lf.version)}`);
  }
  if (!isText(lf.owner)) fail('owner', 'must be a non-empty string');
  if (!isText(lf.question_id)) fail('question_id', 'must be a non-empty string');

  const kind = lf.kind;
  if (!LF_KINDS.includes(kind as never)) {
    fail('kind', `unknown kind ${JSON.stringify(kind)} (one of: ${LF_KINDS.join(', ')})`);
    return { valid: false, errors };
  }
  const knownOption = (field: string, value: unknown) => {
    if (!isText(value)) fail(field, 'must be a non-empty string (an option of the question)');
    else if (options.options && !options.options.includes(value)) {
      fail(field, `unknown option "${value}" (options: ${options.options.join(', ')})`);
    }
  };
  if (kind === 'llm') {
    if ('votes' in lf) fail('votes', 'an llm LF maps its answers with "mapping" instead');
    const mapping = lf.mapping;
    if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
      fail('mapping', 'must be an object from answer to option');
    } else if (Object.keys(mapping).length === 0) fail('mapping', 'is empty');
    else
      for (const [answer, option] of Object.entries(mapping))
        knownOption(`mapping.${answer}`, option);
  } else {
    if ('mapping' in lf) fail('mapping', `only llm LFs map answers; a ${kind} LF votes one option`);
    knownOption('votes', lf.votes);
  }

  switch (kind) {
    case 'keywords':
      checkKeywords(lf.keywords, fail);
      break;
    case 'regex':
      checkRegex(lf.pattern, lf.flags, options, fail);
      break;
    case 'length':
      checkLength(lf, fail);
      break;
    case 'model':
      if (!isText(lf.model)) fail('model', 'must name the model');
      if (!(
        typeof lf.min_confidence === 'number' &&
        lf.min_confidence >= 0 &&
        lf.min_confidence <= 1
      )) {
        fail(
          'min_confidence',
          `must be a number in [0, 1], not ${JSON.stringify(lf.min_confidence)}`,
        );
      }
      break;
    case 'llm':
      if (!isText(lf.prompt)) fail('prompt', 'must be a non-empty template');
      else if (!lf.prompt.includes('{{text}}'))
        fail('prompt', 'must contain {{text}} (where the item goes)');
      break;
    case 'feedback':
      if (!isText(lf.signal)) fail('signal', 'must name the feedback signal');
      break;
  }
  return errors.length ? { valid: false, errors } : { valid: true, lf: input as LabelingFunction };
}

/** validateLf, throwing an LfValidationError that names the LF, each field and reason. */
export function assertValidLf(input: unknown, options: ValidateLfOptions = {}): LabelingFunction {
  const r = validateLf(input, options);
  if (r.valid) return r.lf;
  const lf = input as Partial<LabelingFunction> | null;
  const name =
    lf && typeof lf.id === 'string' && typeof lf.version === 'number'
      ? lfKey({ id: lf.id, version: lf.version })
      : String(lf?.id ?? '(unnamed)');
  throw new LfValidationError(name, r.errors);
}

type Fail = (field: string, reason: string) => void;

function checkKeywords(keywords: unknown, fail: Fail): void {
  if (!Array.isArray(keywords)) return fail('keywords', 'must be a list of words or phrases');
  if (keywords.length === 0) return fail('keywords', 'is empty (an LF needs at least one keyword)');
  keywords.forEach((k, i) => {
    if (!isText(k)) fail(`keywords[${i}]`, 'must be a non-empty string');
  });
}

function checkRegex(
  pattern: unknown,
  flags: unknown,
  options: ValidateLfOptions,
  fail: Fail,
): void {
  if (flags !== undefined) {
    if (
      typeof flags !== 'string' ||
      [...flags].some((f) => !REGEX_FLAGS.includes(f)) ||
      new Set(flags).size !== flags.length
    ) {
      return fail(
        'flags',
        `must be distinct letters among "${REGEX_FLAGS}", not ${JSON.stringify(flags)}`,
      );
    }
  }
  if (typeof pattern !== 'string' || pattern === '')
    return fail('pattern', 'must be a non-empty string');
  const f = (flags as string | undefined) ?? '';
  try {
    new RegExp(pattern, f);
  } catch (e) {
    return fail('pattern', `invalid regex (${(e as Error).message})`);
  }
  const risk =
    options.probe === false ? staticBacktrackingRisk(pattern, f) : regexRisk(pattern, f, options);
  if (risk) fail('pattern', `prone to catastrophic backtracking: ${risk}`);
}

function checkLength(lf: Rec, fail: Fail): void {
  if (lf.unit !== 'chars' && lf.unit !== 'words')
    fail('unit', `must be "chars" or "words", not ${JSON.stringify(lf.unit)}`);
  const bound = (field: 'min' | 'max') => {
    const v = lf[field];
    if (v === undefined) return;
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0))
      fail(field, `must be a non-negative integer, not ${JSON.stringify(v)}`);
  };
  bound('min');
  bound('max');
  if (lf.min === undefined && lf.max === undefined)
    fail('min', 'a length LF needs min, max or both');
  if (typeof lf.min === 'number' && typeof lf.max === 'number' && lf.min > lf.max) {
    fail('max', `is below min (${lf.max} < ${lf.min})`);
  }
}
