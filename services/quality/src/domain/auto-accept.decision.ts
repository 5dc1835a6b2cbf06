import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  AggregationMethod,
  type AggregationSchema,
  type Answer,
  type AnswerRecord,
  AnswerSchema,
  ModelBackend,
  QuestionKind,
} from '@verity/contracts';
import { answerKey } from './answer.key';
import type { QuestionInfo } from '../db/project-copy.repository';

/** The DecisionEvent fields an auto-accept decides (the caller adds envelope, ids and the task's identity). */
export interface AutoAcceptDecision {
  label: string;
  answer: Answer;
  softLabel: Record<string, number>;
  confidence: number;
  aggregation: MessageInitShape<typeof AggregationSchema>;
  agreement: { answerCount: number };
  adjudicated: false;
  gold: false;
  answers: AnswerRecord[];
  contentEventId: string;
  taskEventId: string;
}

/** Why a machine answer cannot finalize a task on its own; null when it can. */
export function autoAcceptProblem(machine: AnswerRecord): string | null {
  if (answerKey(machine.answer) === null) return 'answer is empty';
  const c = machine.model?.calibratedConfidence;
  if (c === undefined) return 'model.calibrated_confidence is absent (an uncalibrated machine answer is never auto-accepted)';
  if (!(c >= 0 && c <= 1)) return `model.calibrated_confidence ${c} is outside [0, 1]`;
  return null;
}

/**
 * The decision of a task finalized by one auto-accepted machine answer: the machine's answer is
 * the label, its calibrated confidence is the label's confidence, and the machine's answer record
 * (model id, version, prompt version) is the only answer behind it. Never adjudicated, never gold.
 * The model reports only its top class's calibrated probability, so the soft label puts the rest
 * evenly on the question's other options (empty when quality does not know the options).
 */
export function autoAcceptDecision(machine: AnswerRecord, question: QuestionInfo | undefined, contentEventId: string): AutoAcceptDecision {
  const problem = autoAcceptProblem(machine);
  if (problem) throw new Error(`machine answer ${machine.annotationId} cannot be auto-accepted: ${problem}`);
  const key = answerKey(machine.answer)!;
  const confidence = machine.model!.calibratedConfidence!;
  const choice = machine.answer?.value.case === 'choice' ? machine.answer.value.value.optionIds : [];
  const singleChoice = choice.length === 1 && (question === undefined || question.kind === QuestionKind.SINGLE_CHOICE);
  const label = singleChoice ? key : '';
  const softLabel: Record<string, number> = {};
  if (singleChoice && question && question.options.includes(label)) {
    const others = question.options.filter((o) => o !== label);
    softLabel[label] = others.length ? confidence : 1;
    for (const o of others) softLabel[o] = (1 - confidence) / others.length;
  }
  return {
    label,
    answer: machine.answer ?? create(AnswerSchema, {}),
    softLabel,
    confidence,
    aggregation: aggregationOf(machine),
    agreement: { answerCount: 1 },
    adjudicated: false,
    gold: false,
    answers: [machine],
    contentEventId,
    taskEventId: machine.taskEventId,
  };
}

/**
 * The machine answer's aggregation record: MACHINE_AUTO_ACCEPT for a model's draft,
 * WEAK_SUPERVISION for the label model's weak label, whose parameters also list every
 * labeling-function vote behind it (`lf_votes`: JSON `[{lf_id, lf_version, option_id}]`).
 */
function aggregationOf(machine: AnswerRecord): MessageInitShape<typeof AggregationSchema> {
  const m = machine.model!;
  const weak = m.backend === ModelBackend.LABEL_MODEL;
  return {
    method: weak ? AggregationMethod.WEAK_SUPERVISION : AggregationMethod.MACHINE_AUTO_ACCEPT,
    parameters: {
      ...(weak ? { lf_votes: JSON.stringify(m.lfVotes.map((v) => ({ lf_id: v.lfId, lf_version: v.lfVersion, option_id: v.optionId }))) } : {}),
      annotation_id: machine.annotationId,
      annotator_id: machine.annotatorId,
      backend: ModelBackend[m.backend] ?? String(m.backend),
      model_id: m.modelId,
      model_version: m.modelVersion,
      prompt_version: m.promptVersion,
      raw_confidence: m.confidence !== undefined ? String(m.confidence) : '',
      calibrated_confidence: String(m.calibratedConfidence),
      soft_label: 'calibrated confidence on the label, the rest spread evenly over the other options',
    },
  };
}
