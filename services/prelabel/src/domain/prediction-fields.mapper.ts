import type { PredictionEvent } from '@verity/contracts';

/**
 * The first field a predictions.v1 event lacks, as "<field>: <why>", or null when it has what a
 * candidate needs: its id, the question, at least two scores (one score has no uncertainty),
 * and the content it is about (item_id, or source and source_id).
 */
export function missingPredictionField(ev: PredictionEvent): string | null {
  if (!ev.predictionId) return 'prediction_id: is empty';
  if (!ev.questionId) return 'question_id: is empty';
  if (Object.keys(ev.scores).length < 2) return 'scores: needs a score for at least two options';
  if (!ev.itemId && !ev.source) return 'source: is empty and item_id is absent';
  if (!ev.itemId && !ev.sourceId) return 'source_id: is empty and item_id is absent';
  return null;
}
