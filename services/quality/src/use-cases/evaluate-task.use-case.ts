import type { FitChoice } from '../domain/task.aggregation';
import { Inject, Injectable } from '@nestjs/common';
import { create, fromBinary, type MessageInitShape } from '@bufbuild/protobuf';
import type { EntityManager } from 'typeorm';
import {
  AdjudicationReason,
  AggregationMethod,
  type AggregationSchema,
  type Answer,
  type AnswerRecord,
  AnswerRecordSchema,
  AnswerSchema,
  AnswerSource,
  causedBy,
  createEvent,
  type Envelope,
  newEnvelope,
  QuestionKind,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import type { DawidSkeneParams } from '@verity/label-science';
import { EventRuntime, WeakLabelsRepository } from '@verity/service-runtime';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { RefitModelUseCase } from './refit-model.use-case';
import { refitInterval } from '../domain/refit-interval.rule';
import { optionsOfKey, SET_SEPARATOR } from '../domain/answer.key';
import { decide, pivotalFailing } from '../domain/decision.rule';
import { finalLabelOf } from '../domain/final-label.rule';
import { blendedReliability, failsHoneypots } from '../domain/reliability.math';
import { agreeingOthers, taskAgreement } from '../domain/task.agreement';
import { dsTaskPosterior, LabelRow, majorityTaskPosterior, TaskPosterior } from '../domain/task.aggregation';
import { MachineAuditsRepository } from '../db/machine-audits.repository';
import { ProjectCopy, ProjectCopyRepository, questionOf } from '../db/project-copy.repository';
import { QUALITY_CONFIG, type QualitySettings } from '../quality.settings';
import { AnswersRepository, StoredAnswer } from '../db/answers.repository';
import { TasksRepository } from '../db/tasks.repository';
import { AUDIT_CHECK_DETAIL, SecondLookService } from './second-look.service';

export type Evaluation = 'waiting' | 'closed' | 'decided' | 'adjudication';

/**
 * A real task that has its N human answers: agreement, majority vote and Dawid-Skene, the
 * decision rule, then either a DecisionEvent or an AdjudicationEvent, enqueued in the caller's
 * transaction with the task's closing. A closed task is never reopened.
 */
@Injectable()
export class EvaluateTaskUseCase {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly answers: AnswersRepository,
    private readonly projects: ProjectCopyRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly model: RefitModelUseCase,
    private readonly runtime: EventRuntime,
    @Inject(QUALITY_CONFIG) private readonly cfg: QualitySettings,
    private readonly weakLabels: WeakLabelsRepository,
    private readonly audits: MachineAuditsRepository,
    private readonly secondLook: SecondLookService,
  ) {}

  async execute(tx: EntityManager, projectId: string, taskId: string, cause: Envelope): Promise<Evaluation> {
    const task = await this.tasks.lock(tx, projectId, taskId);
    if (!task) return 'waiting';
    if (task.status !== 'open') return 'closed';
    const project = await this.projects.get(tx, task.projectId);
    if (!project) return 'waiting'; // evaluated again when the project's snapshot arrives
    const required = task.answersRequired ?? (project.answersPerTask || this.cfg.QUALITY_DEFAULT_ANSWERS_PER_TASK);
    if (task.humanAnswers < required) return 'waiting';

    const all = await this.answers.forTask(tx, projectId, taskId);
    const humans = all.filter((a) => a.counted);
    const machines = all.filter((a) => a.source === AnswerSource.MACHINE);
    const keys = humans.map((a) => a.key);
    const agreement = taskAgreement(keys);
    const rows: LabelRow[] = humans.filter((a) => a.key !== null).map((a) => ({ item: task.itemId, worker: a.annotatorId, label: a.key! }));
    const question = questionOf(project, task.questionId, task.ontologyVersion);
    const choice = humans.length > 0 && humans.every((a) => a.kind === 'choice');
    const fitKey = { projectId: task.projectId, questionId: task.questionId, ontologyVersion: task.ontologyVersion };

    const mv = rows.length > 0 ? majorityTaskPosterior(rows) : null;
    let ds: ({ posterior: TaskPosterior } & FittedModel) | null = null;
    if (choice && rows.length > 0) {
      const m = await this.model.modelFor(tx, fitKey, rows, question?.options ?? [], cause);
      if (m) {
        ds = {
          posterior: dsTaskPosterior(m.params, rows, this.cfg.QUALITY_DS_SMOOTHING),
          params: m.params,
          answersInFit: m.state.answersInFit,
          fits: m.state.fits,
          iterations: m.state.iterations,
          converged: m.state.converged,
          refitted: m.refitted,
          choice: m.state.choice,
        };
      }
    }
    const result = ds?.posterior ?? mv;
    const label = result?.label ?? null;
    const confidence = result?.confidence ?? 0;

    // Reliability and honeypot standing of the answering annotators.
    const annotatorIds = humans.map((a) => a.annotatorId);
    await this.stats.ensure(tx, task.projectId, annotatorIds);
    const stats = await this.stats.get(tx, task.projectId, annotatorIds);
    const reliabilityOf = (id: string) => {
      const s = stats.get(id);
      if (!s) return this.cfg.QUALITY_RELIABILITY_PRIOR;
      return s.reliability ?? blendedReliability(s, { prior: this.cfg.QUALITY_RELIABILITY_PRIOR, knownTruthHalfWeight: this.cfg.QUALITY_KNOWN_TRUTH_HALF_WEIGHT });
    };
    const flagged = new Set(
      [...stats.values()]
        .filter((s) => s.suspended || failsHoneypots(s.honeypotsAnswered, s.honeypotsCorrect, project.reliabilityFloor, this.cfg.QUALITY_MIN_HONEYPOTS))
        .map((s) => s.annotatorId),
    );
    const failing = pivotalFailing(humans.map((a) => ({ annotatorId: a.annotatorId, key: a.key })), flagged, label);
    // Disagreement with the draft the humans were shown. A machine answer stored on a task that is
    // still open is an audit (an auto-accepted one closes its task): audits are blind and are
    // measured against the humans' label, so they never send the task to adjudication.
    const machineKeys = humans.map((h) => h.draftKey).filter((k): k is string => k !== null);
    const machineDisagrees = label !== null && machineKeys.some((k) => k !== label);
    const outcome = decide({
      agreement,
      posterior: confidence,
      agreementThreshold: project.agreementThreshold,
      posteriorThreshold: project.posteriorThreshold,
      machineDisagrees,
      routeMachineDisagreement: this.cfg.QUALITY_ROUTE_MACHINE_DISAGREEMENT,
      failingAnnotators: failing,
    });
    if (label === null && outcome.kind === 'decide') throw new Error(`task ${taskId} has no label to decide`);

    // Provenance: every answer with its annotator's reliability and its DS weight.
    const records = humans.map((a) => this.record(a, reliabilityOf(a.annotatorId), ds ? dsWeight(ds.params, a.annotatorId) : undefined));
    // The machine's part: its answers (auto-accept audits), and the draft the humans were shown,
    // once, unless a machine answer already stands for that prelabel.
    const machineRecords = machines.map((a) => this.record(a, undefined, undefined));
    const shown = this.draftRecord(humans);
    if (shown && !machineRecords.some((r) => r.prelabelEventId === shown.prelabelEventId)) machineRecords.push(shown);
    const singleChoice = choice && isSingleChoice(question?.kind, result);
    // Soft label over every option of the question (0 for options nobody chose under majority vote).
    const softLabel: Record<string, number> = {};
    if (singleChoice && result) {
      for (const o of question?.options ?? []) softLabel[o] = 0;
      for (const [k, v] of result.posterior) softLabel[k] = v;
    }
    const aggregation = this.aggregation(ds, mv, result, question?.kind);
    const agreementMsg = { pairwise: agreement ?? undefined, answerCount: humans.length };
    const envelopeInit = { producer: 'quality', projectId: task.projectId, ...causedBy(cause) };

    if (outcome.kind === 'decide') {
      const envelope = newEnvelope({ ...envelopeInit, spec: TOPICS.decisions });
      const event = createEvent(TOPICS.decisions, {
        envelope,
        decisionId: uuidv7(),
        taskId,
        itemId: task.itemId,
        questionId: task.questionId,
        ontologyVersion: task.ontologyVersion,
        label: singleChoice ? label! : '',
        answer: this.answerOf(label!, choice, humans),
        softLabel,
        confidence,
        aggregation,
        agreement: agreementMsg,
        adjudicated: false,
        gold: false,
        answers: [...records, ...machineRecords],
        weakLabels: await this.weakLabels.forDecision(tx, task.projectId, task.itemId, task.questionId),
        contentEventId: cause.correlationId,
        // Every answer of the task names the task's tasks.v1 event (the audit chain).
        taskEventId: [...records, ...machineRecords].find((r) => r.taskEventId)?.taskEventId ?? '',
      });
      await this.runtime.outbox.enqueue(tx, TOPICS.decisions, event);
      await this.tasks.close(tx, projectId, taskId, {
        status: 'decided',
        eventId: envelope.eventId,
        label,
        agreement,
        confidence,
        reasons: [],
        final: finalLabelOf({ label: event.label, answer: event.answer, method: event.aggregation?.method }),
      });
      // A blind audit that disagrees with the crowd's label: the expert takes a second look (decision 80).
      const audits = await this.audits.resolveByCrowd(tx, projectId, taskId, label!);
      if (audits.escalated > 0) await this.secondLook.request(tx, task, label!, AUDIT_CHECK_DETAIL, cause);
    } else {
      const envelope = newEnvelope({ ...envelopeInit, spec: TOPICS.adjudications });
      const draft = this.draftRecord(humans); // never an audit's machine answer: the expert decides blind too
      const event = createEvent(TOPICS.adjudications, {
        envelope,
        requestId: uuidv7(),
        taskId,
        itemId: task.itemId,
        questionId: task.questionId,
        ontologyVersion: task.ontologyVersion,
        reasons: outcome.reasons,
        detail: outcome.detail,
        answers: records,
        machineDraft: draft,
        agreement: agreementMsg,
        aggregation,
        proposedLabel: label ?? '',
        posterior: result ? Object.fromEntries(result.posterior) : {},
        agreementThreshold: project.agreementThreshold,
        posteriorThreshold: project.posteriorThreshold,
      });
      await this.runtime.outbox.enqueue(tx, TOPICS.adjudications, event);
      await this.tasks.close(tx, projectId, taskId, {
        status: 'adjudication',
        eventId: envelope.eventId,
        label,
        agreement,
        confidence,
        reasons: outcome.reasons.map((r) => AdjudicationReason[r]),
      });
    }

    // Agreement with others (kept apart from correctness): each answer vs the N−1 others.
    const agreeing = agreeingOthers(keys);
    for (let i = 0; i < humans.length; i++) {
      await this.stats.addTaskAnswer(tx, task.projectId, humans[i].annotatorId, humans.length - 1, agreeing[i]);
    }
    return outcome.kind === 'decide' ? 'decided' : 'adjudication';
  }

  /** Re-evaluates a project's open tasks that have their answers (after a snapshot arrived or changed N). */
  async evaluateReady(tx: EntityManager, project: ProjectCopy, cause: Envelope): Promise<number> {
    const ids = await this.tasks.readyOpen(tx, project.projectId, project.answersPerTask || this.cfg.QUALITY_DEFAULT_ANSWERS_PER_TASK);
    let closed = 0;
    for (const id of ids) if ((await this.execute(tx, project.projectId, id, cause)) !== 'waiting') closed++;
    return closed;
  }

  private record(a: StoredAnswer, reliability: number | undefined, weight: number | undefined): AnswerRecord {
    const r = fromBinary(AnswerRecordSchema, a.record);
    r.reliability = reliability;
    r.weight = weight;
    return r;
  }

  private draftRecord(humans: StoredAnswer[]): AnswerRecord | undefined {
    const h = humans.find((x) => x.draftRecord);
    return h?.draftRecord ? fromBinary(AnswerRecordSchema, h.draftRecord) : undefined;
  }

  private answerOf(label: string, choice: boolean, humans: StoredAnswer[]): Answer {
    if (choice) return create(AnswerSchema, { value: { case: 'choice', value: { optionIds: optionsOfKey(label) } } });
    const h = humans.find((x) => x.key === label)!;
    return fromBinary(AnswerRecordSchema, h.record).answer ?? create(AnswerSchema, {});
  }

  private aggregation(
    ds: FittedModel | null,
    mv: TaskPosterior | null,
    result: TaskPosterior | null,
    kind: QuestionKind | undefined,
  ): MessageInitShape<typeof AggregationSchema> {
    const parameters: Record<string, string> = {
      mv_label: mv?.label ?? '',
      mv_share: mv ? mv.confidence.toFixed(6) : '',
      mv_tie_rule: 'class-order',
      equality: 'choice: option-id set equality; text: normalized exact match; spans/segments/boxes: exact match',
    };
    if (kind !== undefined) parameters.question_kind = QuestionKind[kind];
    if (!ds) {
      parameters.reason = `Dawid-Skene not used: fewer than ${this.cfg.QUALITY_DS_MIN_ANSWERS} answers on the question yet, or not a choice question`;
      return { method: AggregationMethod.MAJORITY_VOTE, parameters };
    }
    Object.assign(parameters, {
      library: '@verity/label-science autoAggregation (Dawid-Skene or MACE by BIC), scored as confusion matrices',
      fit_model: ds.choice ? (ds.choice.model === 'mace' ? 'mace' : 'dawid_skene') : 'not recorded (fit stored before the kept model was)',
      bic_dawid_skene: ds.choice && Number.isFinite(ds.choice.bic.ds) ? ds.choice.bic.ds.toFixed(3) : '',
      bic_mace: ds.choice && Number.isFinite(ds.choice.bic.mace) ? ds.choice.bic.mace.toFixed(3) : '',
      scope: 'project/question/ontology_version',
      fit_answers: String(ds.answersInFit),
      fit_annotators: String(ds.params.workerNames.length),
      fit_number: String(ds.fits),
      fit_iterations: String(ds.iterations ?? ''),
      fit_converged: String(ds.converged ?? ''),
      refitted_for_task: String(ds.refitted),
      refit_every_answers: String(refitInterval(this.cfg, ds.answersInFit)),
      smoothing: String(this.cfg.QUALITY_DS_SMOOTHING),
      prior_smoothing: String(this.cfg.QUALITY_DS_PRIOR_SMOOTHING),
      diagonal_prior: String(this.cfg.QUALITY_DS_DIAGONAL_PRIOR),
      max_iter: String(this.cfg.QUALITY_DS_MAX_ITER),
      warm_start: 'previous fit',
      gold_clamped: 'honeypot expected answers, confirmed gold',
      classes: ds.params.classNames.join(','),
    });
    if (result && result.label.includes(SET_SEPARATOR)) parameters.set_posterior = JSON.stringify(Object.fromEntries(result.posterior));
    return { method: ds.choice?.model === 'mace' ? AggregationMethod.MACE : AggregationMethod.DAWID_SKENE, parameters };
  }
}

/** The question's fitted model as a decision's provenance describes it. */
interface FittedModel {
  params: DawidSkeneParams;
  answersInFit: number;
  fits: number;
  iterations: number | null;
  converged: boolean | null;
  refitted: boolean;
  /** The model the default aggregation kept (null: a fit stored before it was recorded). */
  choice: FitChoice | null;
}

/** A single-choice task: the ontology says so, or (unknown question) every class is one option. */
function isSingleChoice(kind: QuestionKind | undefined, result: TaskPosterior | null): boolean {
  if (kind !== undefined) return kind === QuestionKind.SINGLE_CHOICE;
  return result !== null && [...result.posterior.keys()].every((k) => !k.includes(SET_SEPARATOR));
}

/** DS reliability of one annotator in the fit: Σ_c π_c · P(answer c | truth c). */
function dsWeight(p: DawidSkeneParams, annotatorId: string): number | undefined {
  const w = p.workerNames.indexOf(annotatorId);
  if (w < 0) return undefined;
  const K = p.classNames.length;
  let s = 0;
  for (let c = 0; c < K; c++) s += p.priors[c] * p.confusion[(w * K + c) * K + c];
  return s;
}
