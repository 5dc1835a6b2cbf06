import { FeedbackSource, type Answer } from '@verity/contracts';
import { applyCalibration, type CalibrationMap } from './calibration.math';
import type { TextClassifier } from './text.classifier';

/** The one model a `model` LF can name: the project's local model of the LF's question. */
export const LOCAL_MODEL = 'local';

/** A served local model as a `model` LF reads it. */
export interface ScoringModel {
  readonly classifier: Pick<TextClassifier, 'predict'>;
  readonly calibration: CalibrationMap | undefined;
}

/**
 * A `model` LF's scores by item id: the model's calibrated confidence where its top class is
 * the LF's option. Elsewhere there is no score, so the LF abstains: a model LF speaks only for
 * the class the model would draft (calibration maps top-class confidence, nothing else).
 */
export function modelScores(model: ScoringModel, votes: string, items: readonly { id: string; text: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) {
    const p = model.classifier.predict(it.text);
    if (p.label === votes) out[it.id] = applyCalibration(model.calibration, p.confidence);
  }
  return out;
}

/** One production-feedback record of an item (prelabel.weak_labels). */
export interface FeedbackRecord {
  readonly itemId: string;
  readonly source: FeedbackSource;
  /** The sending system or channel; may be empty. */
  readonly sourceDetail: string;
  readonly answer: Answer | undefined;
}

/**
 * The signals one feedback record raises, what a `feedback` LF's `signal` is compared with:
 * its kind (`user_correction`, `moderator_override`, `other`), its channel (`source_detail`),
 * and each of those followed by `:` and an option the feedback chose (`moderator_override:spam`).
 * So an LF can vote on any feedback from a channel, or only on feedback that chose an option.
 */
export function signalsOf(r: FeedbackRecord): string[] {
  const kinds = [FeedbackSource[r.source]?.toLowerCase() ?? String(r.source)];
  if (r.sourceDetail) kinds.push(r.sourceDetail);
  const options = r.answer?.value.case === 'choice' ? r.answer.value.value.optionIds : [];
  return [...kinds, ...kinds.flatMap((k) => options.map((o) => `${k}:${o}`))];
}

/** Signals by item id, over every feedback record of each item (label-science's `LfExtras.feedback`). */
export function feedbackSignals(records: readonly FeedbackRecord[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const r of records) for (const s of signalsOf(r)) (out[r.itemId] ??= new Set()).add(s);
  return Object.fromEntries(Object.entries(out).map(([item, set]) => [item, [...set].sort()]));
}
