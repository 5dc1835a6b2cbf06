import { Injectable } from '@nestjs/common';
import type { CalibrationMap, StoredPair } from '../domain/calibration.math';
import type { CalibrationReport } from '../domain/local.model';
import type { ModelLoopReport } from '../domain/model-loop.policy';
import type { ClassifierState } from '../domain/text.classifier';
import type { LabelModelState } from '../domain/weak-supervision.policy';
import { row, rows, type Queryable } from '@verity/persistence';

/** `labelmodel`: the label model over the question's labeling-function votes (weak supervision). */
export type Backend = 'local' | 'llm' | 'labelmodel';

export interface ModelRow {
  projectId: string;
  questionId: string;
  backend: Backend;
  version: number;
  modelId: string;
  classes: string[];
  nLabels: number;
  /** Local classifier weights, or the label model's fitted parameters; null for the LLM (only its calibration is ours). */
  state: ClassifierState | LabelModelState | null;
  calibration: CalibrationMap;
  /**
   * Report plus the held-out pairs, so a changed target precision re-derives the threshold, and
   * (local versions trained since the model loop report) the loop measures. A pair is [raw
   * confidence, credit]: 1 or 0 against a label taken as certain, the corrected credit otherwise;
   * a third element is the answer's weight when it is not 1 (an audited item's label).
   */
  report: CalibrationReport & {
    pairs: StoredPair[];
    loop?: ModelLoopReport;
    /** Label model versions: what they were fitted on. */
    labelModel?: LabelModelFit;
    /** Local versions: the weak labels (soft, of items without a decided label) they also trained on. */
    weakLabels?: number;
    /** Local versions: label checks (domain/label-check.policy) at training time, and how many this version requested. */
    labelChecks?: LabelChecksSummary;
  };
  threshold: number | null;
  trainedAt: Date;
}

/** What a label-model version was fitted on: the active LF versions (`id@version`, sorted) and how many votes. */
export interface LabelModelFit {
  lfs: string[];
  votes: number;
}

/** Model versions and calibrations per (project, question, backend). */
/** A local version's label checks: answered (and of them changed by the verdict), pending, requested by it. */
export interface LabelChecksSummary {
  answered: number;
  changed: number;
  pending: number;
  requested: number;
  /** Mean confidence of the verdicts; null while none is answered or checks are off (single-stage credits). */
  verdictConfidence: number | null;
}

@Injectable()
export class ModelRepository {
  async insert(db: Queryable, m: Omit<ModelRow, 'version' | 'trainedAt'>): Promise<ModelRow> {
    const [r] = await rows<{ version: number; trained_at: Date }>(
      db,
      `INSERT INTO prelabel.models (project_id, question_id, backend, version, model_id, classes, n_labels, state, calibration, report, threshold)
       VALUES ($1, $2, $3, (SELECT coalesce(max(version), 0) + 1 FROM prelabel.models WHERE project_id = $1 AND question_id = $2 AND backend = $3),
               $4, $5, $6, $7, $8, $9, $10)
       RETURNING version, trained_at`,
      [m.projectId, m.questionId, m.backend, m.modelId, m.classes, m.nLabels, m.state ? JSON.stringify(m.state) : null, JSON.stringify(m.calibration), JSON.stringify(m.report), m.threshold],
    );
    return { ...m, version: r.version, trainedAt: r.trained_at };
  }

  async latestVersion(db: Queryable, projectId: string, questionId: string, backend: Backend): Promise<{ version: number; trainedAt: Date; nLabels: number } | null> {
    const r = await row<{ version: number; trained_at: Date; n_labels: number }>(
      db,
      `SELECT version, trained_at, n_labels FROM prelabel.models WHERE project_id = $1 AND question_id = $2 AND backend = $3 ORDER BY version DESC LIMIT 1`,
      [projectId, questionId, backend],
    );
    return r ? { version: r.version, trainedAt: r.trained_at, nLabels: r.n_labels } : null;
  }

  async latest(db: Queryable, projectId: string, questionId: string, backend: Backend): Promise<ModelRow | null> {
    const r = await row<ModelColumns>(
      db,
      `SELECT * FROM prelabel.models WHERE project_id = $1 AND question_id = $2 AND backend = $3 ORDER BY version DESC LIMIT 1`,
      [projectId, questionId, backend],
    );
    return r ? toRow(r) : null;
  }

  /** Latest version of every (question, backend) of a project, without weights (for the report route). */
  async summaries(db: Queryable, projectId: string): Promise<Omit<ModelRow, 'state' | 'calibration'>[]> {
    const latest = await rows<Omit<ModelColumns, 'state' | 'calibration'>>(
      db,
      `SELECT DISTINCT ON (question_id, backend) project_id, question_id, backend, version, model_id, classes, n_labels, report, threshold, trained_at
       FROM prelabel.models WHERE project_id = $1 ORDER BY question_id, backend, version DESC`,
      [projectId],
    );
    return latest.map((r) => {
      const { state: _s, calibration: _c, ...rest } = toRow({ ...r, state: null, calibration: { kind: 'isotonic', knots: [], n: 0 } });
      return rest;
    });
  }

  /** Every version of a project's models, newest first per (question, backend), at most `perModel` each. */
  async versions(db: Queryable, projectId: string, perModel: number): Promise<ModelVersionRow[]> {
    const versions = await rows<Pick<ModelColumns, 'question_id' | 'backend' | 'version' | 'n_labels' | 'threshold' | 'trained_at'> & { report: ModelVersionRow['report'] }>(
      db,
      `SELECT question_id, backend, version, n_labels, threshold, trained_at, report FROM (
         SELECT question_id, backend, version, n_labels, threshold, trained_at, report - 'pairs' AS report,
                row_number() OVER (PARTITION BY question_id, backend ORDER BY version DESC) AS n
         FROM prelabel.models WHERE project_id = $1
       ) v WHERE n <= $2 ORDER BY question_id, backend, version DESC`,
      [projectId, perModel],
    );
    return versions.map((r) => ({
      questionId: r.question_id,
      backend: r.backend,
      version: r.version,
      nLabels: r.n_labels,
      threshold: r.threshold ?? null,
      trainedAt: r.trained_at,
      report: r.report,
    }));
  }
}

/** One stored version, without weights, calibration map or held-out pairs (the models report's history). */
export interface ModelVersionRow {
  questionId: string;
  backend: Backend;
  version: number;
  nLabels: number;
  threshold: number | null;
  trainedAt: Date;
  report: CalibrationReport & { loop?: ModelLoopReport };
}

/** prelabel.models as stored. */
interface ModelColumns {
  project_id: string;
  question_id: string;
  backend: Backend;
  version: number;
  model_id: string;
  classes: string[];
  n_labels: number;
  state: ClassifierState | LabelModelState | null;
  calibration: CalibrationMap;
  report: ModelRow['report'];
  threshold: number | null;
  trained_at: Date;
}

function toRow(r: ModelColumns): ModelRow {
  return {
    projectId: r.project_id,
    questionId: r.question_id,
    backend: r.backend,
    version: r.version,
    modelId: r.model_id,
    classes: r.classes,
    nLabels: r.n_labels,
    state: r.state ?? null,
    calibration: r.calibration,
    report: r.report,
    threshold: r.threshold ?? null,
    trainedAt: r.trained_at,
  };
}
