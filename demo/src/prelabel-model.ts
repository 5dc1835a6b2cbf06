import { VerityClient } from '@verity/sdk';

/** The local model as `GET /v1/projects/:id/prelabel/models` reports it. */
export interface LocalModelReport {
  version: number;
  modelId: string;
  /** Labels it was trained on. */
  nLabels: number;
  /** Auto-accept threshold on calibrated confidence; null: it auto-accepts nothing. */
  threshold: number | null;
  report: {
    /** Out-of-fold answers behind the calibration and the threshold. */
    heldOut: number;
    accuracy: number;
    eceRaw: number;
    eceCalibrated: number;
    /** Calibration kept (prelabel decision 72); absent on models trained before it. */
    calibrationMethod?: 'identity' | 'platt' | 'isotonic';
    /** Passes over the labels the model was trained with. */
    epochs?: number;
    /** Measured on the answers the threshold was picked on (flattering). */
    choice: { threshold: number | null; precision: number | null; coverage: number; support: number };
    /** The threshold rule picked on one half of the held-out answers, measured on the other. */
    crossFitted?: { precision: number | null; coverage: number; support: number } | null;
    targetPrecision: number | null;
    /** Label checks at training time (prelabel's domain/label-check.policy); absent on older versions. */
    labelChecks?: { answered: number; changed: number; pending: number; requested: number; verdictConfidence: number | null };
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function latestLocalModel(pm: VerityClient, projectId: string, questionId: string): Promise<LocalModelReport | null> {
  const r = await pm.call<{ models: (LocalModelReport & { backend: string; questionId: string })[] }>('GET', `/v1/projects/${projectId}/prelabel/models`, undefined, 'prelabel models');
  return r.models.find((m) => m.backend === 'local' && m.questionId === questionId) ?? null;
}

/**
 * Waits, as the PM watching the models route, until the local model has caught up with the
 * `labeled` items: prelabel retrains after every `retrainEvery` new labels, so a model trained on
 * more than `labeled − retrainEvery` of them is the last one these labels will bring. Returns it
 * (with or without a threshold), or the latest model at the deadline.
 */
export async function waitForSettledModel(
  pm: VerityClient,
  projectId: string,
  questionId: string,
  o: { labeled: number; retrainEvery: number; timeoutMs: number },
): Promise<LocalModelReport | null> {
  const until = Date.now() + o.timeoutMs;
  for (;;) {
    const m = await latestLocalModel(pm, projectId, questionId);
    if ((m && m.nLabels > o.labeled - o.retrainEvery) || Date.now() > until) return m;
    await sleep(1000);
  }
}
