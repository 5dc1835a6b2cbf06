import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QuestionKind, type Task } from '@verity/contracts';
import { type Defined, lfKey, type Proportion, wilsonInterval } from '@verity/label-science';
import { applyCalibration } from '../domain/calibration.math';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { runAutomaticLfs } from '../domain/labeling-function.policy';
import { calibrateWeak, fitLabelModel, scoreWeak, type LabelModelState, type WeakScore } from '../domain/weak-supervision.policy';
import { LabelingFunctionRepository, type StoredLf } from '../db/labeling-function.repository';
import { LabelRepository } from '../db/label.repository';
import { LfVoteRepository } from '../db/lf-vote.repository';
import { ModelRepository } from '../db/model.repository';
import { ProjectPolicyRepository } from '../db/project-policy.repository';
import { TaskRepository } from '../db/task.repository';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import type { TrainingExample } from '../domain/text.classifier';
import { ModelCache, type ServedModel } from './model-cache.service';
import { LfInputs } from './lf-inputs.service';
import type { ArrivalLlmAnswers } from './lf-votes.service';

/** Weak labels of a batch of arriving tasks, and the questions among them with active LFs. */
export interface WeakDrafts {
  /** By task id. */
  drafts: Map<string, WeakDraft>;
  lfQuestions: { projectId: string; questionId: string }[];
}

/** A task's weak label under the served label model, calibrated, with the threshold in force. */
export interface WeakDraft extends WeakScore {
  calibrated: number;
  /** Null: no threshold for the project's target precision (never auto-accepted). */
  threshold: number | null;
  served: ServedModel;
}

/** The label model of a question as the LF analysis shows it: what it was fitted on and what it makes of the items held. */
export interface LabelModelSummary {
  version: number;
  trainedAt: Date;
  /** LF versions it was fitted on (`id@version`). */
  lfs: string[];
  /** Whether those are exactly the active LF versions (else it is not served until refitted). */
  current: boolean;
  /** Estimated class balance P(y). */
  classBalance: Record<string, number>;
  /** Threshold on calibrated confidence for the target precision it was fitted at; null: none. */
  threshold: number | null;
  targetPrecision: number | null;
  /** Labeled items behind the calibration and threshold. */
  calibrationPairs: number;
  /** Items of the question (with text) with a weak label, and their share. */
  weakLabels: number;
  coverage: number;
  /** Weak labels that clear the threshold (what it would auto-accept). */
  aboveThreshold: number;
  /** Weak labels equal to the decided label, with a Wilson interval. */
  accuracy: Defined<Proportion>;
}

/**
 * Weak supervision of a (project, question): the label model over the votes of its active
 * labeling functions (every kind; llm ones only with an LLM endpoint: the votes
 * an arriving task has before anyone looks at it), fitted without labels, then calibrated
 * and given a threshold against the decided labels, stored as a `labelmodel` model version.
 * Arriving tasks get their weak label from the served fit (`draftsFor`).
 */
/** How often arriving labels may trigger a label-model refit check per question. */
export const REFIT_CHECK_MS = 10_000;

@Injectable()
export class WeakSupervisionService implements BeforeApplicationShutdown {
  private readonly checkedAt = new Map<string, number>();
  private readonly trailing = new Map<string, NodeJS.Timeout>();
  private stopping = false;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
    private readonly lfs: LabelingFunctionRepository,
    private readonly votes: LfVoteRepository,
    private readonly labels: LabelRepository,
    private readonly models: ModelRepository,
    private readonly projects: ProjectPolicyRepository,
    private readonly tasks: TaskRepository,
    private readonly cache: ModelCache,
    private readonly inputs: LfInputs,
    private readonly logger: Logger,
  ) {}

  /**
   * Drops the trailing checks still waiting, before the database closes: a check that fired
   * after it would only fail. The next start checks again on the next label.
   */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    for (const timer of this.trailing.values()) clearTimeout(timer);
    this.trailing.clear();
  }

  /**
   * Refits when due: no fit yet, the active LF versions changed (an LF added, changed or
   * retired), PRELABEL_LOCAL_RETRAIN_EVERY labels arrived since the last fit, or the votes
   * doubled. With no active LF left, nothing is fitted and the stale fit is no longer served.
   * Arriving labels call this once each; unless `now` (an LF was just saved or retired), the
   * check runs at most once per REFIT_CHECK_MS per question, so a stream of labels does not
   * count a large question's votes once per label; calls skipped in an interval get one check at
   * its end.
   */
  async maybeRefit(projectId: string, questionId: string, opts: { now?: boolean } = {}): Promise<void> {
    if (this.stopping) return;
    const key = `${projectId}\u0000${questionId}`;
    const last = this.checkedAt.get(key);
    if (!opts.now && last !== undefined && Date.now() - last < REFIT_CHECK_MS) {
      // Not lost, only later: one check at the end of the interval covers every call skipped in it.
      if (!this.trailing.has(key)) {
        const timer = setTimeout(() => {
          this.trailing.delete(key);
          this.maybeRefit(projectId, questionId).catch((err) => this.logger.error('label model refit failed', { projectId, questionId, error: String(err) }));
        }, last + REFIT_CHECK_MS - Date.now());
        timer.unref();
        this.trailing.set(key, timer);
      }
      return;
    }
    this.checkedAt.set(key, Date.now());
    const keys = keysOf(votingLfs(await this.lfs.active(this.ds, [projectId]), projectId, questionId));
    if (keys.length === 0) return;
    const latest = await this.cache.get(projectId, questionId, 'labelmodel');
    const nVotes = await this.votes.count(this.ds, projectId, questionId);
    const fitted = latest?.row.report.labelModel;
    if (latest && fitted && sameList(fitted.lfs, keys) && nVotes < 2 * fitted.votes) {
      const fresh = await this.labels.countUsableSince(this.ds, projectId, questionId, latest.row.trainedAt);
      if (fresh < this.cfg.PRELABEL_LOCAL_RETRAIN_EVERY) return;
    }
    const sample = await this.tasks.latestQuestionTask(this.ds, projectId, questionId);
    if (!sample?.question || sample.question.kind !== QuestionKind.SINGLE_CHOICE) return;
    const classes = sample.question.options.map((o) => o.optionId);
    const votes = await this.votes.forQuestion(this.ds, projectId, questionId);
    const state = fitLabelModel(votes, classes, new Set(keys));
    if (!state) return;
    const { labels: truth } = await this.labels.trainingLabels(this.ds, projectId, questionId, this.cfg.PRELABEL_LOCAL_MAX_LABELS);
    const policy = await this.projects.get(this.ds, projectId);
    const cal = calibrateWeak(state, votes, truth.map((t) => ({ itemId: t.itemId, label: t.label, confidence: t.confidence })), policy?.targetPrecision ?? null, this.cfg.PRELABEL_THRESHOLD_MIN_SUPPORT);
    const row = await this.models.insert(this.ds, {
      projectId,
      questionId,
      backend: 'labelmodel',
      modelId: `labelmodel/${projectId}/${questionId}`,
      classes: state.classes,
      nLabels: cal.pairs.length,
      state,
      calibration: cal.calibration,
      report: { ...cal.report, pairs: cal.pairs, labelModel: { lfs: keys, votes: nVotes } },
      threshold: cal.report.choice.threshold,
    });
    this.cache.put(row, null);
    this.logger.info('label model fitted', {
      projectId, questionId, version: row.version, lfs: keys.length, votes: nVotes, labeled: cal.pairs.length, threshold: String(row.threshold),
    });
  }

  /** The latest label model of the question, scored over the items held against the decided labels; null when there is none. */
  async summary(projectId: string, questionId: string, items: number, decided: ReadonlyMap<string, string>): Promise<LabelModelSummary | null> {
    const row = await this.models.latest(this.ds, projectId, questionId, 'labelmodel');
    if (!row || row.state?.kind !== 'labelmodel') return null;
    const state = row.state as LabelModelState;
    const active = votingLfs(await this.lfs.active(this.ds, [projectId]), projectId, questionId);
    const lfs = row.report.labelModel?.lfs ?? [];
    const scores = scoreWeak(state, await this.votes.forQuestion(this.ds, projectId, questionId));
    let trials = 0;
    let right = 0;
    let above = 0;
    for (const [item, w] of scores) {
      if (row.threshold !== null && applyCalibration(row.calibration, w.confidence) >= row.threshold) above++;
      const truth = decided.get(item);
      if (truth === undefined) continue;
      trials++;
      if (truth === w.optionId) right++;
    }
    return {
      version: row.version,
      trainedAt: row.trainedAt,
      lfs,
      current: sameList(lfs, keysOf(active)),
      classBalance: Object.fromEntries(state.classes.map((c, i) => [c, state.priors[i]!])),
      threshold: row.threshold,
      targetPrecision: row.report.targetPrecision,
      calibrationPairs: row.report.pairs.length,
      weakLabels: scores.size,
      coverage: items > 0 ? scores.size / items : 0,
      aboveThreshold: above,
      accuracy: wilsonInterval(right, trials),
    };
  }

  /**
   * Soft labels for the local model (the end model): the served fit's posterior on items of the
   * question that have no decided label (at most `limit`), so the model learns beyond the LFs'
   * coverage and beyond the labeled items. Only items some fitted LF voted on; none without a
   * served fit whose LF versions are the active ones.
   */
  async softExamples(projectId: string, questionId: string, limit: number): Promise<TrainingExample[]> {
    const served = await this.cache.get(projectId, questionId, 'labelmodel');
    const state = served?.row.state?.kind === 'labelmodel' ? (served.row.state as LabelModelState) : null;
    if (!served || !state) return [];
    if (!sameList(served.row.report.labelModel?.lfs ?? [], keysOf(votingLfs(await this.lfs.active(this.ds, [projectId]), projectId, questionId)))) return [];
    const scores = scoreWeak(state, await this.votes.forQuestion(this.ds, projectId, questionId));
    const out: TrainingExample[] = [];
    for (const it of await this.tasks.unlabeledPool(this.ds, projectId, questionId, limit)) {
      const w = scores.get(it.itemId);
      if (w) out.push({ text: it.text, label: w.optionId, soft: w.posterior });
    }
    return out;
  }

  /**
   * After arriving tasks are stored: their votes can make a fit due (the first one, or the votes
   * doubled) without any label arriving, so each question with active LFs gets a refit check in
   * the background (at most once per REFIT_CHECK_MS, see maybeRefit).
   */
  afterArrival(lfQuestions: readonly { projectId: string; questionId: string }[]): void {
    for (const { projectId, questionId } of lfQuestions)
      this.maybeRefit(projectId, questionId).catch((err) => this.logger.error('label model refit failed', { projectId, questionId, error: String(err) }));
  }

  /**
   * Weak labels of arriving tasks, by task id: the served fit's view of the votes their texts get
   * from the active LFs. A fit is served only while its LF versions are exactly the active ones
   * (a change waits for the refit that saving it triggers); a task no fitted LF voted on has none.
   */
  async draftsFor(tasks: readonly Task[], targetPrecisionOf: (projectId: string) => number | null, llm: ArrivalLlmAnswers = new Map()): Promise<WeakDrafts> {
    const out: WeakDrafts = { drafts: new Map(), lfQuestions: [] };
    const withText = tasks.filter((t) => t.maskedText);
    if (withText.length === 0) return out;
    const active = await this.lfs.active(this.ds, [...new Set(withText.map((t) => t.projectId))]);
    if (active.length === 0) return out;
    for (const group of groupBy(withText, (t) => `${t.projectId}\u0000${t.questionId}`).values()) {
      const { projectId, questionId } = group[0]!;
      const lfs = votingLfs(active, projectId, questionId);
      if (lfs.length === 0) continue;
      out.lfQuestions.push({ projectId, questionId });
      const served = await this.cache.get(projectId, questionId, 'labelmodel');
      const state = served?.row.state?.kind === 'labelmodel' ? (served.row.state as LabelModelState) : null;
      if (!served || !state || !sameList(served.row.report.labelModel?.lfs ?? [], keysOf(lfs))) continue;
      const items = group.map((t) => ({ id: t.itemId, text: t.maskedText!, questionId }));
      const run = runAutomaticLfs(lfs.map((a) => a.lf), items, await this.inputs.extrasFor(this.ds, projectId, lfs.map((a) => a.lf), items, llm.get(projectId)?.answers));
      const scores = scoreWeak(state, run.votes.map((v) => ({ itemId: v.item_id, lfId: v.lf_id, lfVersion: v.lf_version, label: v.label })));
      for (const t of group) {
        const s = scores.get(t.itemId);
        if (!s) continue;
        const c = ModelCache.calibrated(served, s.confidence, targetPrecisionOf(projectId), this.cfg.PRELABEL_THRESHOLD_MIN_SUPPORT);
        out.drafts.set(t.taskId, { ...s, calibrated: c.calibrated, threshold: c.derivedThreshold, served });
      }
    }
    return out;
  }
}

/** The active LFs of one question: what a label model is fitted on. */
function votingLfs(active: readonly StoredLf[], projectId: string, questionId: string): StoredLf[] {
  return active.filter((a) => a.projectId === projectId && a.lf.question_id === questionId);
}

/** `id@version` of each LF, sorted: how a fit names the LF versions it read. */
function keysOf(lfs: readonly StoredLf[]): string[] {
  return lfs.map((a) => lfKey(a.lf)).sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function groupBy<T>(xs: readonly T[], keyOf: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = keyOf(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
