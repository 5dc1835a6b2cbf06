import type { LabelStudioQuestion } from './config-types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One result read against the config: a question and the option ids chosen. */
export interface ChoiceResult {
  question: LabelStudioQuestion;
  optionIds: string[];
  score?: number;
}

/**
 * One annotation or prediction result checked against the config: a choices result of a known
 * `<Choices>` on its object, with known, distinct choices (exactly one for single choice). A fault
 * goes to `issue` (field relative to the result) and gives undefined.
 */
export function readChoiceResult(
  r: unknown,
  questions: Map<string, LabelStudioQuestion>,
  issue: (field: string, reason: string) => void,
): ChoiceResult | undefined {
  if (!isObj(r)) return void issue('', 'a result must be a JSON object');
  if (r.type !== 'choices')
    return void issue(
      'type',
      `result type "${String(r.type)}" has no Verity mapping; only "choices" results are imported`,
    );
  const question = typeof r.from_name === 'string' ? questions.get(r.from_name) : undefined;
  if (!question)
    return void issue(
      'from_name',
      `"${String(r.from_name)}" is not a <Choices> of the labeling config`,
    );
  if (r.to_name !== question.input)
    return void issue(
      'to_name',
      `"${String(r.to_name)}" but <Choices name="${question.id}"> labels "${question.input}"`,
    );
  const chosen = isObj(r.value) ? r.value.choices : undefined;
  if (
    !Array.isArray(chosen) ||
    chosen.length === 0 ||
    !chosen.every((c) => typeof c === 'string')
  ) {
    return void issue('value.choices', 'must be a non-empty array of choice values');
  }
  const optionIds: string[] = [];
  for (const c of chosen as string[]) {
    const option = question.options.find((o) => o.value === c);
    if (!option)
      return void issue(
        'value.choices',
        `"${c}" is not a choice of "${question.id}" (choices: ${question.options.map((o) => o.value).join(', ')})`,
      );
    if (optionIds.includes(option.id)) return void issue('value.choices', `"${c}" is chosen twice`);
    optionIds.push(option.id);
  }
  if (question.kind === 'single' && optionIds.length !== 1)
    return void issue(
      'value.choices',
      `"${question.id}" is single choice but ${optionIds.length} choices are given`,
    );
  if (
    r.score !== undefined &&
    r.score !== null &&
    !(typeof r.score === 'number' && Number.isFinite(r.score))
  )
    return void issue('score', 'must be a number');
  return { question, optionIds, ...(typeof r.score === 'number' ? { score: r.score } : {}) };
}

export const labelOf = (r: ChoiceResult) => (r.question.kind === 'single' ? r.optionIds[0] : '');
