import { Injectable } from '@nestjs/common';
import type { DawidSkeneParams } from '@verity/label-science';
import { deserializeParams, type FitChoice, serializeParams } from '../domain/task.aggregation';
import { type Queryable, rows } from '@verity/persistence';
import { TxMemo } from './tx.memo';

export interface FitKey {
  projectId: string;
  questionId: string;
  ontologyVersion: number;
}

/** A fit's question within its project (the project id is the repository methods' own parameter). */
export type FitQuestion = Omit<FitKey, 'projectId'>;

/** One fit's state as the project's dashboard lists it. */
export interface FitSummary {
  questionId: string;
  ontologyVersion: number;
  answersInFit: number;
  answersSinceFit: number;
  fits: number;
  iterations: number | null;
  converged: boolean | null;
  fittedAt: Date | null;
}

export interface FitState {
  params: DawidSkeneParams | null;
  /** The model the default aggregation kept; null for a fit stored before it was recorded. */
  choice: FitChoice | null;
  answersInFit: number;
  answersSinceFit: number;
  iterations: number | null;
  converged: boolean | null;
  fits: number;
  fittedAt: Date | null;
}

interface Row {
  class_names: string[] | null;
  worker_names: string[] | null;
  priors: number[] | null;
  confusion: Buffer | null;
  answers_in_fit: number;
  answers_since_fit: number;
  iterations: number | null;
  converged: boolean | null;
  fits: number;
  fitted_at: Date | null;
  model: 'ds' | 'mace' | null;
  bic_ds: number | null;
  bic_mace: number | null;
}

/** quality.ds_fits: the Dawid-Skene state per (project, question, ontology version), the next fit's warm start. */
@Injectable()
export class DsFitsRepository {
  /** The state read in this transaction (tasks of a batch share it), forgotten when this repository writes it. */
  private readonly inTx = new TxMemo<FitState | null>();

  /** Counts `n` new answers for the question; returns the answers since the last fit. */
  /** Adds n answers to the question's count since its last fit; returns that count and the answers in the fit. */
  async countAnswer(tx: Queryable, projectId: string, q: FitQuestion, n = 1): Promise<{ since: number; inFit: number }> {
    const k: FitKey = { projectId, questionId: q.questionId, ontologyVersion: q.ontologyVersion };
    this.inTx.delete(tx, fitId(k));
    const counted = await rows<{ answers_since_fit: number; answers_in_fit: number }>(
      tx,
      `INSERT INTO quality.ds_fits AS f (project_id, question_id, ontology_version, answers_since_fit) VALUES ($1, $2, $3, $4)
       ON CONFLICT (project_id, question_id, ontology_version) DO UPDATE SET answers_since_fit = f.answers_since_fit + excluded.answers_since_fit
       RETURNING answers_since_fit, answers_in_fit`,
      [k.projectId, k.questionId, k.ontologyVersion, n],
    );
    return { since: counted[0].answers_since_fit, inFit: counted[0].answers_in_fit };
  }

  async get(db: Queryable, projectId: string, q: FitQuestion): Promise<FitState | null> {
    const k: FitKey = { projectId, questionId: q.questionId, ontologyVersion: q.ontologyVersion };
    const memo = this.inTx.get(db, fitId(k));
    if (memo !== undefined) return memo;
    const state = await this.read(db, k);
    this.inTx.set(db, fitId(k), state);
    return state;
  }

  private async read(db: Queryable, k: FitKey): Promise<FitState | null> {
    const [r] = await rows<Row>(
      db,
      `SELECT * FROM quality.ds_fits WHERE project_id = $1 AND question_id = $2 AND ontology_version = $3`,
      [k.projectId, k.questionId, k.ontologyVersion],
    );
    if (!r) return null;
    return {
      params:
        r.class_names && r.worker_names && r.priors && r.confusion
          ? deserializeParams({ classNames: r.class_names, workerNames: r.worker_names, priors: r.priors, confusion: r.confusion })
          : null,
      choice: r.model ? { model: r.model, bic: { ds: r.bic_ds ?? Number.NaN, mace: r.bic_mace ?? Number.NaN } } : null,
      answersInFit: r.answers_in_fit,
      answersSinceFit: r.answers_since_fit,
      iterations: r.iterations,
      converged: r.converged,
      fits: r.fits,
      fittedAt: r.fitted_at,
    };
  }

  async save(
    tx: Queryable,
    projectId: string,
    q: FitQuestion,
    fit: { params: DawidSkeneParams; answersInFit: number; iterations: number; converged: boolean; logLikelihood: number | null } & FitChoice,
  ): Promise<void> {
    const k: FitKey = { projectId, questionId: q.questionId, ontologyVersion: q.ontologyVersion };
    this.inTx.delete(tx, fitId(k));
    const s = serializeParams(fit.params);
    await tx.query(
      `INSERT INTO quality.ds_fits AS f (project_id, question_id, ontology_version, class_names, worker_names, priors, confusion,
         answers_in_fit, answers_since_fit, iterations, converged, log_likelihood, fits, fitted_at, model, bic_ds, bic_mace)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11, 1, now(), $12, $13, $14)
       ON CONFLICT (project_id, question_id, ontology_version) DO UPDATE SET class_names = excluded.class_names,
         worker_names = excluded.worker_names, priors = excluded.priors, confusion = excluded.confusion,
         answers_in_fit = excluded.answers_in_fit, answers_since_fit = 0, iterations = excluded.iterations,
         converged = excluded.converged, log_likelihood = excluded.log_likelihood, fits = f.fits + 1, fitted_at = now(),
         model = excluded.model, bic_ds = excluded.bic_ds, bic_mace = excluded.bic_mace`,
      [
        k.projectId, k.questionId, k.ontologyVersion, JSON.stringify(s.classNames), JSON.stringify(s.workerNames),
        JSON.stringify(s.priors), s.confusion, fit.answersInFit, fit.iterations, fit.converged,
        fit.logLikelihood !== null && Number.isFinite(fit.logLikelihood) ? fit.logLikelihood : null,
        fit.model,
        Number.isFinite(fit.bic.ds) ? fit.bic.ds : null,
        Number.isFinite(fit.bic.mace) ? fit.bic.mace : null,
      ],
    );
  }

  async listForProject(db: Queryable, projectId: string): Promise<FitSummary[]> {
    return rows<FitSummary>(
      db,
      `SELECT question_id AS "questionId", ontology_version AS "ontologyVersion", answers_in_fit AS "answersInFit",
              answers_since_fit AS "answersSinceFit", fits, iterations, converged, fitted_at AS "fittedAt"
       FROM quality.ds_fits WHERE project_id = $1 ORDER BY question_id, ontology_version`,
      [projectId],
    );
  }
}

/** One string per fit key (memo and batch bookkeeping). */
export const fitId = (k: FitKey): string => `${k.projectId}\u0000${k.questionId}\u0000${k.ontologyVersion}`;
