import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import { applyCalibration, scoredFromStored, thresholdForPrecision } from '../domain/calibration.math';
import { TextClassifier } from '../domain/text.classifier';
import { ModelRepository, type Backend, type ModelRow } from '../db/model.repository';

export interface ServedModel {
  row: ModelRow;
  classifier: TextClassifier | null;
}

const RECHECK_MS = 5000;

/**
 * Latest model (local), calibration (LLM) or label model (labelmodel) per (project, question), cached in memory and
 * re-checked against the table every few seconds, so another instance's retrain is picked up.
 */
@Injectable()
export class ModelCache {
  private readonly cache = new Map<string, { model: ServedModel | null; checkedAt: number }>();
  private readonly checking = new Map<string, Promise<ServedModel | null>>();

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly models: ModelRepository,
  ) {}

  async get(projectId: string, questionId: string, backend: Backend): Promise<ServedModel | null> {
    const key = `${backend}\u0000${projectId}\u0000${questionId}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.checkedAt < RECHECK_MS) return hit.model;
    // Concurrent callers (the tasks of one batch) share one check.
    const pending = this.checking.get(key);
    if (pending) return pending;
    const check = this.check(key, projectId, questionId, backend).finally(() => this.checking.delete(key));
    this.checking.set(key, check);
    return check;
  }

  private async check(key: string, projectId: string, questionId: string, backend: Backend): Promise<ServedModel | null> {
    const hit = this.cache.get(key);
    const v = await this.models.latestVersion(this.ds, projectId, questionId, backend);
    if (hit && (hit.model?.row.version ?? null) === (v?.version ?? null)) {
      hit.checkedAt = Date.now();
      return hit.model;
    }
    const row = v ? await this.models.latest(this.ds, projectId, questionId, backend) : null;
    const model = row ? { row, classifier: row.state?.kind === 'softmax-hashed-ngrams' ? TextClassifier.fromState(row.state) : null } : null;
    this.cache.set(key, { model, checkedAt: Date.now() });
    return model;
  }

  /** A just-trained model replaces the cached one at once. */
  put(row: ModelRow, classifier: TextClassifier | null): void {
    this.cache.set(`${row.backend}\u0000${row.projectId}\u0000${row.questionId}`, { model: { row, classifier }, checkedAt: Date.now() });
  }

  /** Calibrated confidence and the auto-accept threshold for a target precision (re-derived from the held-out pairs if the target changed). */
  static calibrated(m: ServedModel, raw: number, targetPrecision: number | null, minSupport: number): { calibrated: number; derivedThreshold: number | null } {
    const calibrated = applyCalibration(m.row.calibration, raw);
    if (targetPrecision === null) return { calibrated, derivedThreshold: null };
    if (m.row.report.targetPrecision === targetPrecision) return { calibrated, derivedThreshold: m.row.threshold };
    const pairs = m.row.report.pairs.map((p) => scoredFromStored(p, (raw) => applyCalibration(m.row.calibration, raw)));
    return { calibrated, derivedThreshold: thresholdForPrecision(pairs, targetPrecision, minSupport).threshold };
  }
}
