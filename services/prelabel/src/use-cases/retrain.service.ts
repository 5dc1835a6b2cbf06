import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QuestionKind, SamplingStrategy, TOPICS, type Task } from '@verity/contracts';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { CandidateRepository } from '../db/candidate.repository';
import { strategyName } from '../domain/sampling.strategy';
import { calibrate, correctedCredit, trainLocalModel, type TrainedModel } from '../domain/local.model';
import { applyCalibration, storedPair } from '../domain/calibration.math';
import { auditWeight } from '../domain/routing.rule';
import { heldOutCredit, labelsToCheck, type CheckCandidate, type LabelCheckState } from '../domain/label-check.policy';
import { LabelCheckRepository, type HeldCheck } from '../db/label-check.repository';
import { choice, labelCheckAnnotation, modelInfo } from '../events/prelabel-events.factory';
import { labelLatency, newLabelIndices, sameLabelsDelta, type ModelLoopReport } from '../domain/model-loop.policy';
import type { TrainingLabel } from '../db/label.repository';
import { uncertainty } from '../domain/uncertainty.math';
import { LabelRepository } from '../db/label.repository';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { ProjectPolicyRepository } from '../db/project-policy.repository';
import { TaskRepository } from '../db/task.repository';
import { ModelCache } from './model-cache.service';
import { ModelRepository } from '../db/model.repository';
import { WeakSupervisionService } from './weak-supervision.service';

/**
 * Retrains the local model, refits the LLM calibration and refits the label model of one
 * (project, question) as labels accumulate (and, for the label model, when its LFs change).
 */
@Injectable()
export class RetrainService {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
    private readonly labels: LabelRepository,
    private readonly tasks: TaskRepository,
    private readonly models: ModelRepository,
    private readonly projects: ProjectPolicyRepository,
    private readonly candidates: CandidateRepository,
    private readonly cache: ModelCache,
    private readonly weak: WeakSupervisionService,
    private readonly checks: LabelCheckRepository,
    private readonly runtime: EventRuntime,
    private readonly logger: Logger,
  ) {}

  /**
   * Serialised per (project, question); never throws (a failed retrain is retried on the next
   * label). `lfsChanged`: an LF was saved or retired, so the label model is refitted now rather
   * than at its next periodic check.
   */
  maybeRetrain(projectId: string, questionId: string, opts: { lfsChanged?: boolean } = {}): Promise<void> {
    const key = `${projectId}\u0000${questionId}`;
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.run(projectId, questionId, opts.lfsChanged ?? false))
      .catch((err) => this.logger.error('retrain failed', { projectId, questionId, error: String(err) }));
    this.chains.set(key, next);
    return next.then(() => undefined);
  }

  private async run(projectId: string, questionId: string, lfsChanged: boolean): Promise<void> {
    // The label model first: the local model trains on its soft labels too.
    await this.weak.maybeRefit(projectId, questionId, { now: lfsChanged });
    await this.local(projectId, questionId);
    await this.llm(projectId, questionId);
  }

  private async local(projectId: string, questionId: string): Promise<void> {
    const latest = await this.models.latestVersion(this.ds, projectId, questionId, 'local');
    const fresh = await this.labels.countUsableSince(this.ds, projectId, questionId, latest?.trainedAt ?? null);
    if (latest ? fresh < this.cfg.PRELABEL_LOCAL_RETRAIN_EVERY && !(await this.checksAnswered(projectId, questionId, latest.trainedAt)) : fresh < this.cfg.PRELABEL_LOCAL_MIN_LABELS) return;
    const sample = await this.tasks.latestQuestionTask(this.ds, projectId, questionId);
    if (sample?.question && sample.question.kind !== QuestionKind.SINGLE_CHOICE) return;
    const { labels: received, cutoff } = await this.labels.trainingLabels(this.ds, projectId, questionId, this.cfg.PRELABEL_LOCAL_MAX_LABELS);
    // In item order, not arrival order: the same labels train the same model, however Kafka's
    // partitions interleaved them (the folds and so the threshold depend on the order).
    const training = [...received].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
    const policy = await this.projects.get(this.ds, projectId);
    const target = policy?.targetPrecision ?? null;
    // Label checks serve the threshold: only where one is derived for a target precision.
    const checking = target !== null && this.cfg.PRELABEL_LABEL_CHECKS_PER_MODEL > 0;
    const checks = await this.checkStates(projectId, questionId, training, checking);
    // A check's verdict is the label (until labels.v1 brings the version it made, if any). An
    // audited item's label stands for every item the machine was as sure of (decision 81).
    const weightOf = auditWeight(policy?.auditRate ?? 0);
    const examples = training.map((l, i) => ({ text: l.text, label: checks.labels[i]!, confidence: l.confidence ?? undefined, weight: weightOf(l.audited) }));
    const classes = sample?.question?.options.map((o) => o.optionId) ?? [...new Set(examples.map((e) => e.label))].sort();
    if (classes.length < 2) return;
    // Weak labels of unlabeled items (the label model's posteriors) train it too, never score it.
    const weak = await this.weak.softExamples(projectId, questionId, this.cfg.PRELABEL_LOCAL_MAX_LABELS);
    const trained = trainLocalModel(examples, classes, {
      folds: this.cfg.PRELABEL_CALIBRATION_FOLDS,
      targetPrecision: target,
      minSupport: this.cfg.PRELABEL_THRESHOLD_MIN_SUPPORT,
      trainOnly: weak,
      creditOf: (i, agrees) => heldOutCredit(agrees, examples[i]!.confidence ?? 1, checks.states[i]!, checks.verdictConfidence, classes.length, correctedCredit),
    });
    const picks = checking
      ? labelsToCheck(trained.outOfFold, training.map((l, i) => ({ label: examples[i]!.label, gold: l.gold, state: checks.states[i]! })), this.cfg.PRELABEL_LABEL_CHECKS_PER_MODEL)
      : [];
    // A check names the item's task: an item without one here cannot be checked.
    const checkTasks = await this.tasks.latestForItems(this.ds, projectId, questionId, picks.map((p) => training[p.index]!.itemId));
    const toCheck = picks.filter((p) => checkTasks.has(training[p.index]!.itemId));
    const loop = await this.loopReport(projectId, questionId, training, cutoff, trained);
    const row = await this.models.insert(this.ds, {
      projectId,
      questionId,
      backend: 'local',
      modelId: `local-lr/${projectId}/${questionId}`,
      classes,
      nLabels: examples.length,
      state: trained.classifier.toState(),
      calibration: trained.calibration,
      // [raw confidence, credit]: what the threshold is re-derived from when the target changes.
      report: {
        ...trained.report,
        pairs: trained.pairs.map(storedPair),
        loop,
        weakLabels: weak.length,
        labelChecks: { ...checks.summary, requested: toCheck.length },
      },
      threshold: trained.report.choice.threshold,
    });
    this.cache.put(row, trained.classifier);
    if (toCheck.length > 0) await this.requestChecks(projectId, questionId, row, trained, training, toCheck, checkTasks);
    this.logger.info('local model trained', {
      projectId, questionId, version: row.version, labels: examples.length, weakLabels: weak.length,
      heldOutAccuracy: trained.report.accuracy.toFixed(3), eceRaw: trained.report.eceRaw.toFixed(3),
      eceCalibrated: trained.report.eceCalibrated.toFixed(3), threshold: String(trained.report.choice.threshold),
    });
    // Active learning on the unlabeled pool, with the same selection as for deployed models.
    if (policy && policy.samplingStrategy !== SamplingStrategy.UNSPECIFIED && policy.alDailyBudget > 0) {
      const strategy = strategyName(policy.samplingStrategy);
      for (const it of await this.tasks.unlabeledPool(this.ds, projectId, questionId, 5000)) {
        const p = trained.classifier.predictProba(it.text);
        await this.candidates.upsert(this.ds, { projectId, itemId: it.itemId, questionId, origin: 'pool', strategy, uncertainty: uncertainty(p, strategy) });
      }
    }
  }

  /** Every check of the question answered, at least one since the latest version: retrain on the verdicts now. */
  private async checksAnswered(projectId: string, questionId: string, since: Date): Promise<boolean> {
    const p = await this.checks.progress(this.ds, projectId, questionId, since);
    return p.pending === 0 && p.answeredSince > 0;
  }

  /**
   * Each training label's check state and label (a recorded verdict's option while labels.v1 has
   * not brought a newer version), and the verdicts' usual confidence (their mean over answered
   * checks; null while none is answered or checks are off, so unchecked labels keep the
   * single-stage credit).
   */
  private async checkStates(projectId: string, questionId: string, training: TrainingLabel[], checking: boolean) {
    const held = await this.checks.held(this.ds, projectId, questionId);
    const stateOf = (l: TrainingLabel, h: HeldCheck | undefined): LabelCheckState =>
      !h ? { kind: 'none' } : h.answered ? { kind: 'answered', originalConfidence: h.originalConfidence ?? 1, verdictConfidence: h.verdictConfidence ?? l.confidence ?? 1 } : { kind: 'pending' };
    const states = training.map((l) => stateOf(l, held.get(l.itemId)));
    const labels = training.map((l) => held.get(l.itemId)?.verdictOptionId ?? l.label);
    const answered = states.flatMap((s) => (s.kind === 'answered' ? [s] : []));
    const verdictConfidence = checking && answered.length > 0 ? answered.reduce((n, s) => n + s.verdictConfidence, 0) / answered.length : null;
    return {
      states,
      labels,
      verdictConfidence,
      summary: {
        answered: answered.length,
        changed: training.filter((l, i) => states[i]!.kind === 'answered' && held.get(l.itemId)?.originalOptionId !== labels[i]).length,
        pending: states.filter((s) => s.kind === 'pending').length,
        verdictConfidence,
      },
    };
  }

  /**
   * Sends the labels the new version disagrees with to the expert: a check row each and a machine
   * answer (label_check) on annotations.v1 naming the item's latest task, in one transaction.
   */
  private async requestChecks(
    projectId: string,
    questionId: string,
    row: { version: number; modelId: string },
    trained: TrainedModel,
    training: TrainingLabel[],
    withTask: CheckCandidate[],
    tasks: Map<string, Task>,
  ): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const recorded = await this.checks.insertMany(
        tx,
        withTask.map((p) => {
          const l = training[p.index]!;
          return {
            projectId, itemId: l.itemId, questionId, taskId: tasks.get(l.itemId)!.taskId, labelVersion: l.labelVersion, optionId: l.label,
            // labelsToCheck never picks an answered check, so the label trained on is the one held.
            confidence: l.confidence, modelVersion: row.version, modelOptionId: p.label,
          };
        }),
      );
      for (const p of withTask) {
        const l = training[p.index]!;
        if (!recorded.has(l.itemId)) continue;
        const model = modelInfo({
          backend: 'local', modelId: row.modelId, modelVersion: `v${row.version}`, promptVersion: '',
          confidence: p.confidence, calibrated: applyCalibration(trained.calibration, p.confidence),
        });
        const ev = labelCheckAnnotation({ task: tasks.get(l.itemId)!, labelEventId: l.eventId, answer: choice(p.label), model });
        await this.runtime.outbox.enqueue(tx, TOPICS.annotations, ev);
      }
    });
    this.logger.info('label checks requested', { projectId, questionId, version: row.version, checks: withTask.length });
  }

  /**
   * What the new version records about the loop (domain/model-loop): the labels it is the first
   * to train on (first received after the previous version's cutoff), their wait from decision to
   * now, and both versions' accuracy on exactly those labels: the previous version never saw
   * them, the new one is scored out-of-fold. Old versions without a cutoff use their trained_at.
   */
  private async loopReport(projectId: string, questionId: string, training: TrainingLabel[], cutoff: Date, trained: TrainedModel): Promise<ModelLoopReport> {
    const previous = await this.cache.get(projectId, questionId, 'local');
    const previousCutoff = previous ? new Date(previous.row.report.loop?.labelCutoff ?? previous.row.trainedAt) : null;
    const fresh = newLabelIndices(training.map((l) => l.firstReceivedAt), previousCutoff);
    let vsPrevious: ModelLoopReport['vsPrevious'] = null;
    if (previous?.classifier) {
      const outOfFold = new Map(trained.outOfFold.map((o) => [o.index, o.label]));
      const scored = fresh.filter((i) => outOfFold.has(i));
      const prev = previous.classifier;
      vsPrevious = sameLabelsDelta(
        scored.map((i) => training[i]!.label),
        scored.map((i) => outOfFold.get(i)!),
        scored.map((i) => prev.predict(training[i]!.text).label),
        previous.row.version,
      );
    }
    return {
      labelCutoff: new Date(cutoff).toISOString(),
      newLabels: fresh.length,
      latencyMs: labelLatency(fresh.map((i) => training[i]!.labeledAt), new Date()),
      vsPrevious,
    };
  }

  private async llm(projectId: string, questionId: string): Promise<void> {
    const pairs = await this.labels.llmPairs(this.ds, projectId, questionId, this.cfg.PRELABEL_LOCAL_MAX_LABELS);
    const latest = await this.models.latestVersion(this.ds, projectId, questionId, 'llm');
    if (pairs.length - (latest?.nLabels ?? 0) < this.cfg.PRELABEL_LLM_RECALIBRATE_EVERY) return;
    const policy = await this.projects.get(this.ds, projectId);
    const { map, report } = calibrate(pairs, policy?.targetPrecision ?? null, this.cfg.PRELABEL_THRESHOLD_MIN_SUPPORT);
    const row = await this.models.insert(this.ds, {
      projectId,
      questionId,
      backend: 'llm',
      modelId: this.cfg.LLM_MODEL ?? 'llm',
      classes: [],
      nLabels: pairs.length,
      state: null,
      calibration: map,
      report: { ...report, pairs: pairs.map((p) => [p.confidence, p.correct ? 1 : 0]) },
      threshold: report.choice.threshold,
    });
    this.cache.put(row, null);
  }
}
