import { Injectable } from '@nestjs/common';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AnswerSchema, FeedbackSource, type Answer, type WeakLabel } from '@verity/contracts';
import type { Queryable } from '../shared/db';

export interface WeakLabelRow {
  feedbackId: string;
  eventId: string;
  projectId: string | null;
  itemId: string | null;
  source: string;
  sourceId: string;
  questionId: string;
  feedbackSource: FeedbackSource;
  sourceDetail: string;
  actorId: string;
  answer: Answer;
  confidence: number | null;
  requestReview: boolean;
  observedAt: Date | null;
}

/** Production feedback kept as weak labels with their source. */
@Injectable()
export class WeakLabelRepository {
  async insert(db: Queryable, w: WeakLabelRow): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO prelabel.weak_labels (feedback_id, event_id, project_id, item_id, source, source_id, question_id, feedback_source, source_detail,
         actor_id, answer, confidence, request_review, observed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (feedback_id) DO NOTHING RETURNING feedback_id`,
      [w.feedbackId, w.eventId, w.projectId, w.itemId, w.source, w.sourceId, w.questionId, w.feedbackSource, w.sourceDetail, w.actorId,
        Buffer.from(toBinary(AnswerSchema, w.answer)), w.confidence, w.requestReview, w.observedAt],
    );
    return rows.length > 0;
  }

  /** Weak labels of an item and question, as provenance records (oldest first). */
  async forItem(db: Queryable, itemId: string, questionId: string): Promise<WeakLabel[]> {
    const rows = await db.query(
      `SELECT feedback_id, feedback_source, source_detail, answer, observed_at FROM prelabel.weak_labels
       WHERE item_id = $1 AND question_id = $2 ORDER BY received_at LIMIT 50`,
      [itemId, questionId],
    );
    return rows.map((r: { feedback_id: string; feedback_source: number; source_detail: string; answer: Uint8Array; observed_at: Date | null }) => ({
      $typeName: 'verity.common.v1.WeakLabel',
      feedbackId: r.feedback_id,
      source: r.feedback_source as FeedbackSource,
      sourceDetail: r.source_detail,
      answer: fromBinary(AnswerSchema, r.answer),
      observedAt: r.observed_at ? timestampFromDate(r.observed_at) : undefined,
    })) as WeakLabel[];
  }
}
