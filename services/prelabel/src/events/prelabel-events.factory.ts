import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AnswerSource,
  createEvent,
  ModelBackend,
  newEnvelope,
  PrelabelFailure,
  PrelabelRoute,
  TOPICS,
  uuidv7,
  type AnnotationEvent,
  type Answer,
  type Envelope,
  type ModelInfo,
  type PrelabelEvent,
  type Task,
  type WeakLabel,
} from '@verity/contracts';
import type { Route } from '../domain/routing.rule';
import type { Failure } from '../use-cases/draft-backends.service';

export const ROUTES: Record<Route, PrelabelRoute> = {
  auto_accept: PrelabelRoute.AUTO_ACCEPT,
  audit: PrelabelRoute.AUDIT,
  human_with_draft: PrelabelRoute.HUMAN_WITH_DRAFT,
  human_without_draft: PrelabelRoute.HUMAN_WITHOUT_DRAFT,
};

export const FAILURES: Record<Failure, PrelabelFailure> = {
  malformed: PrelabelFailure.MALFORMED,
  out_of_ontology: PrelabelFailure.OUT_OF_ONTOLOGY,
  refused: PrelabelFailure.REFUSED,
  timeout: PrelabelFailure.TIMEOUT,
  unavailable: PrelabelFailure.UNAVAILABLE,
  unsupported_content: PrelabelFailure.UNSUPPORTED_CONTENT,
  no_model: PrelabelFailure.NO_MODEL,
};

export const choice = (optionId: string): Answer => ({ value: { case: 'choice', value: { optionIds: [optionId] } } }) as Answer;

const BACKENDS: Readonly<Record<string, ModelBackend>> = { llm: ModelBackend.LLM, local: ModelBackend.LOCAL, labelmodel: ModelBackend.LABEL_MODEL };

/** The model behind a draft; a label model's answer names every LF vote it counted. */
export function modelInfo(m: {
  backend: string;
  modelId: string;
  modelVersion: string;
  promptVersion: string;
  confidence?: number;
  calibrated?: number;
  lfVotes?: readonly { lfId: string; lfVersion: number; optionId: string }[];
}): ModelInfo {
  return {
    backend: BACKENDS[m.backend] ?? ModelBackend.UNSPECIFIED,
    modelId: m.modelId,
    modelVersion: m.modelVersion,
    promptVersion: m.promptVersion,
    confidence: m.confidence,
    calibratedConfidence: m.calibrated,
    lfVotes: (m.lfVotes ?? []).map((v) => ({ lfId: v.lfId, lfVersion: v.lfVersion, optionId: v.optionId })),
  } as ModelInfo;
}

/** The prelabels.v1 event: the task, the draft (absent when none, and for blind audits), model, route. */
export function prelabelEvent(a: {
  task: Task;
  cause?: Envelope;
  route: Route;
  draft?: Answer;
  model: ModelInfo;
  threshold: number | null;
  failure?: Failure;
  detail: string;
  usage?: { promptTokens: number; completionTokens: number; costMicroUsd: number; calls: number };
  latencyMs: number;
  uncertainty?: number;
  weakLabels: WeakLabel[];
  calibrationVersion: string;
}): PrelabelEvent {
  return createEvent(TOPICS.prelabels, {
    envelope: newEnvelope({
      producer: 'prelabel',
      projectId: a.task.projectId,
      spec: TOPICS.prelabels,
      causationId: a.cause?.eventId,
      correlationId: a.cause?.correlationId || a.cause?.eventId,
    }),
    task: a.task,
    draft: a.route === 'audit' ? undefined : a.draft,
    model: a.model,
    route: ROUTES[a.route],
    autoAcceptThreshold: a.threshold ?? undefined,
    failure: a.failure ? FAILURES[a.failure] : PrelabelFailure.UNSPECIFIED,
    failureDetail: a.detail,
    usage: a.usage
      ? { promptTokens: BigInt(a.usage.promptTokens), completionTokens: BigInt(a.usage.completionTokens), costMicroUsd: BigInt(a.usage.costMicroUsd), calls: a.usage.calls }
      : undefined,
    latencyMs: BigInt(Math.max(0, Math.round(a.latencyMs))),
    uncertainty: a.uncertainty,
    weakLabels: a.weakLabels,
    calibrationVersion: a.calibrationVersion,
  } as never);
}

/** The machine answer on annotations.v1 for an auto-accepted (or audited) draft: source MACHINE, never gold. */
export function machineAnnotation(a: { task: Task; prelabel: PrelabelEvent; answer: Answer; model: ModelInfo; audit: boolean }): AnnotationEvent {
  const env = a.prelabel.envelope!;
  // The prelabel event was caused by the tasks.v1 event (the audit chain's task event id).
  return machineAnswer({ ...a, causationId: env.eventId, correlationId: env.correlationId, taskEventId: env.causationId, labelCheck: false });
}

/**
 * A label check on annotations.v1: the local model's out-of-fold answer on an item whose decided
 * label it disagrees with (domain/label-check.policy). Caused by the labels.v1 event of the label
 * checked; no tasks.v1 event caused it, so `task_event_id` is empty.
 */
export function labelCheckAnnotation(a: { task: Task; labelEventId: string; answer: Answer; model: ModelInfo }): AnnotationEvent {
  return machineAnswer({ ...a, causationId: a.labelEventId, correlationId: a.labelEventId, taskEventId: '', audit: false, labelCheck: true });
}

function machineAnswer(a: {
  task: Task;
  answer: Answer;
  model: ModelInfo;
  causationId: string;
  correlationId: string;
  taskEventId: string;
  audit: boolean;
  labelCheck: boolean;
}): AnnotationEvent {
  return createEvent(TOPICS.annotations, {
    envelope: newEnvelope({ producer: 'prelabel', projectId: a.task.projectId, spec: TOPICS.annotations, causationId: a.causationId, correlationId: a.correlationId }),
    annotationId: uuidv7(),
    taskId: a.task.taskId,
    itemId: a.task.itemId,
    questionId: a.task.questionId,
    ontologyVersion: a.task.ontologyVersion,
    annotatorId: `model:${a.model.modelId}`,
    source: AnswerSource.MACHINE,
    answer: a.answer,
    timeSpentMs: 0n,
    draftShown: false,
    leaseId: '',
    submittedAt: timestampFromDate(new Date()),
    model: a.model,
    honeypot: false,
    audit: a.audit,
    labelCheck: a.labelCheck,
    taskEventId: a.taskEventId,
  } as never);
}
