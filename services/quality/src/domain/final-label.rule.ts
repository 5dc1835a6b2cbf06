import { create, toBinary } from '@bufbuild/protobuf';
import { aggregationMethodName, AggregationMethod, type Answer, AnswerSchema } from '@verity/contracts';

/** A task's final label as decided: what the annotator's "my work" view shows. */
export interface FinalLabel {
  /** Option id of a single-choice label; null for other kinds (see answer). */
  label: string | null;
  /** The decided answer, verity.common.v1.Answer (protobuf). */
  answer: Uint8Array;
  /** How it was decided: the aggregation method's name in lower case (majority_vote, dawid_skene, machine_auto_accept, adjudication…). */
  method: string;
}

/** `AGGREGATION_METHOD_DAWID_SKENE` → `dawid_skene`; unset or unknown → `unspecified`. */
export const methodName = aggregationMethodName;

/**
 * The final label a DecisionEvent carries (label: option id or empty; answer: the decided
 * answer). A decision with a label but no answer is that single choice.
 */
export function finalLabelOf(d: { label: string; answer?: Answer; method?: AggregationMethod }): FinalLabel {
  const answer =
    d.answer?.value.case !== undefined
      ? d.answer
      : create(AnswerSchema, d.label !== '' ? { value: { case: 'choice', value: { optionIds: [d.label] } } } : {});
  return { label: d.label !== '' ? d.label : null, answer: toBinary(AnswerSchema, answer), method: methodName(d.method) };
}
