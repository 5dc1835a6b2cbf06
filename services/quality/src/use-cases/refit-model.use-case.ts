import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Envelope } from '@verity/contracts';
import type { DawidSkeneParams } from '@verity/label-science';
import { Logger } from '@verity/telemetry';
import { UpdateReliabilityUseCase } from './update-reliability.use-case';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { AnswersRepository } from '../db/answers.repository';
import { fitClasses, fitCovers, LabelRow, refitDawidSkene } from '../domain/task.aggregation';
import { QUALITY_CONFIG, type QualitySettings } from '../quality.settings';
import { DsFitsRepository, fitId, FitKey, FitState } from '../db/ds-fits.repository';
import { GoldItemsRepository } from '../db/gold-items.repository';
import { refitInterval } from '../domain/refit-interval.rule';

export interface ModelInHand {
  params: DawidSkeneParams;
  state: FitState;
  refitted: boolean;
}

/** Answers of one question counted in a batch and not yet written. */
interface PendingCount {
  key: FitKey;
  count: number;
  options: readonly string[];
  cause: Envelope;
}

/**
 * The Dawid-Skene model of one (project, question, ontology version). Refit policy:
 * - after QUALITY_DS_REFIT_EVERY new human answers (honeypots included), or after
 *   QUALITY_DS_REFIT_GROWTH × the answers in the fit when that is more (refitInterval);
 * - when a task is scored and the fit in hand is missing, older than QUALITY_DS_REFIT_MAX_AGE_MS,
 *   or does not know one of the task's annotators or answers.
 * No model before the question has QUALITY_DS_MIN_ANSWERS answers (tasks use majority vote).
 * A refit reads the latest QUALITY_DS_MAX_ANSWERS answers, clamps gold items (honeypot expected
 * answers, expert-confirmed gold), warm-starts from the stored parameters, stores the new ones,
 * and feeds each annotator's DS reliability into their blended reliability.
 *
 * In a batch's transaction (between beginBatch and endBatch) answers are counted in memory and
 * written once at the end, with at most one interval refit per question: a refit reads tens of
 * thousands of answers, so it is amortised over the batch instead of run every interval inside it.
 * Tasks of the batch are scored with the model in hand (refitted at once only when it is missing,
 * stale or does not cover the task).
 */
@Injectable()
export class RefitModelUseCase {
  constructor(
    private readonly fits: DsFitsRepository,
    private readonly answers: AnswersRepository,
    private readonly gold: GoldItemsRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly reliability: UpdateReliabilityUseCase,
    private readonly logger: Logger,
    @Inject(QUALITY_CONFIG) private readonly cfg: QualitySettings,
  ) {}

  private readonly batches = new WeakMap<EntityManager, Map<string, PendingCount>>();

  /** From now until endBatch, this transaction's answers are counted in memory. */
  beginBatch(tx: EntityManager): void {
    this.batches.set(tx, new Map());
  }

  /** Writes the batch's counts (one statement per question) and refits the questions that reached the interval. */
  async endBatch(tx: EntityManager): Promise<void> {
    const pending = this.batches.get(tx);
    this.batches.delete(tx);
    if (!pending) return;
    for (const id of [...pending.keys()].sort()) {
      const p = pending.get(id)!;
      if (p.count === 0) continue;
      const counted = await this.fits.countAnswer(tx, p.key.projectId, p.key, p.count);
      if (this.refitDue(counted.since, counted.inFit)) await this.refit(tx, p.key, p.options, p.cause);
    }
  }

  /** Counts a new answer; refits when the count reaches the refit interval. */
  async afterAnswer(tx: EntityManager, key: FitKey, options: readonly string[], cause: Envelope): Promise<void> {
    const pending = this.batches.get(tx);
    if (pending) {
      const p = pending.get(fitId(key));
      if (p) Object.assign(p, { count: p.count + 1, options, cause });
      else pending.set(fitId(key), { key, count: 1, options, cause });
      return;
    }
    const counted = await this.fits.countAnswer(tx, key.projectId, key);
    if (this.refitDue(counted.since, counted.inFit)) await this.refit(tx, key, options, cause);
  }

  /** A model able to score these rows: the stored one if fresh and covering them, else a refit. */
  async modelFor(tx: EntityManager, key: FitKey, rows: readonly LabelRow[], options: readonly string[], cause: Envelope): Promise<ModelInHand | null> {
    const state = await this.fits.get(tx, key.projectId, key);
    const fresh =
      state?.params &&
      state.fittedAt &&
      Date.now() - state.fittedAt.getTime() <= this.cfg.QUALITY_DS_REFIT_MAX_AGE_MS &&
      !this.refitDue(state.answersSinceFit, state.answersInFit) &&
      fitCovers(state.params, rows);
    if (fresh && state?.params) return { params: state.params, state, refitted: false };
    const params = await this.refit(tx, key, options, cause);
    if (!params || !fitCovers(params, rows)) return null;
    const after = (await this.fits.get(tx, key.projectId, key))!;
    return { params, state: after, refitted: true };
  }

  /**
   * Whether enough answers came since the last fit: QUALITY_DS_REFIT_EVERY, or a share
   * (QUALITY_DS_REFIT_GROWTH) of the answers that fit was made of when that is more. A fit of
   * 50,000 answers barely moves with 50 more, and each refit reads and fits all of them again.
   */
  refitDue(since: number, inFit: number): boolean {
    return since >= refitInterval(this.cfg, inFit);
  }

  async refit(tx: EntityManager, key: FitKey, options: readonly string[], cause: Envelope): Promise<DawidSkeneParams | null> {
    const rows = await this.answers.fitRows(tx, key.projectId, key.questionId, key.ontologyVersion, this.cfg.QUALITY_DS_MAX_ANSWERS);
    if (rows.length < this.cfg.QUALITY_DS_MIN_ANSWERS) return null; // cold start: majority vote
    const gold = await this.gold.forQuestion(tx, key.projectId, key.questionId, key.ontologyVersion);
    const previous = (await this.fits.get(tx, key.projectId, key))?.params ?? undefined;
    const classes = fitClasses(previous?.classNames, options, [...rows.map((r) => r.label), ...gold.values()]);
    const started = Date.now();
    const fit = refitDawidSkene(rows, classes, gold, previous, {
      smoothing: this.cfg.QUALITY_DS_SMOOTHING,
      priorSmoothing: this.cfg.QUALITY_DS_PRIOR_SMOOTHING,
      diagonalPrior: this.cfg.QUALITY_DS_DIAGONAL_PRIOR,
      maxIter: this.cfg.QUALITY_DS_MAX_ITER,
    });
    if (!fit) return null;
    const inBatch = this.batches.get(tx)?.get(fitId(key));
    if (inBatch) inBatch.count = 0; // the batch's answers so far are in this fit
    await this.fits.save(tx, key.projectId, key, {
      params: fit.params,
      answersInFit: rows.length,
      iterations: fit.iterations,
      converged: fit.converged,
      logLikelihood: fit.logLikelihood,
      model: fit.model,
      bic: fit.bic,
    });
    await this.stats.ensure(tx, key.projectId, fit.workers.map((w) => w.annotatorId));
    await this.stats.saveDsReliability(tx, key.projectId, key, fit.workers);
    await this.reliability.execute(tx, key.projectId, fit.workers.map((w) => w.annotatorId), cause);
    this.logger.debug('dawid-skene refit', {
      ...key,
      answers: rows.length,
      workers: fit.workers.length,
      classes: classes.length,
      iterations: fit.iterations,
      warm: fit.warmStarted,
      ms: Date.now() - started,
    });
    return fit.params;
  }
}
