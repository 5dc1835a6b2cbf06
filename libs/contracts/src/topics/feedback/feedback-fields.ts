import { FeedbackSource } from '../../gen/verity/common/v1/provenance_pb';
import type { FeedbackEvent } from '../../gen/verity/feedback/v1/feedback_pb';

/**
 * The first field a feedback.v1 event lacks, as "<field>: <why>", or null when it has every
 * field a weak label needs: its id, the question, an answer with a value, the kind of feedback,
 * and the content it is about (item_id, or source and source_id).
 */
export function missingFeedbackField(ev: FeedbackEvent): string | null {
  if (!ev.feedbackId) return 'feedback_id: is empty';
  if (!ev.questionId) return 'question_id: is empty';
  if (!ev.answer || ev.answer.value.case === undefined) return 'answer: has no value';
  if (ev.feedbackSource === FeedbackSource.UNSPECIFIED) return 'feedback_source: is unspecified';
  if (!ev.itemId && !ev.source) return 'source: is empty and item_id is absent';
  if (!ev.itemId && !ev.sourceId) return 'source_id: is empty and item_id is absent';
  return null;
}
