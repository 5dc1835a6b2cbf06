import { Inject, Injectable } from '@nestjs/common';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AnswerSchema, WeakLabelSchema, type Answer, type FeedbackSource, type WeakLabel } from '@verity/contracts';
import { assertSchemaName, rows, type Queryable } from '@verity/persistence';

export interface WeakLabelInput {
  feedbackId: string;
  eventId: string;
  /** Null when the sender did not say: the weak label then applies to the item in every project. */
  projectId: string | null;
  itemId: string;
  questionId: string;
  feedbackSource: FeedbackSource;
  sourceDetail: string;
  actorId: string;
  answer: Answer;
  confidence: number | null;
  observedAt: Date | null;
}

interface Row {
  feedback_id: string;
  feedback_source: number;
  source_detail: string;
  answer: Uint8Array;
  observed_at: Date | null;
}

/** The schema of the service whose `weak_labels` table this is (its own migration creates it). */
export const WEAK_LABELS_SCHEMA = Symbol('WEAK_LABELS_SCHEMA');

/**
 * Production feedback (feedback.v1) kept per item and question, for the provenance of the
 * decisions a service makes (quality's, adjudication's verdicts): one implementation, each
 * service's own table.
 */
@Injectable()
export class WeakLabelsRepository {
  private readonly table: string;

  constructor(@Inject(WEAK_LABELS_SCHEMA) schema: string) {
    this.table = `"${assertSchemaName(schema)}".weak_labels`;
  }

  /** True when the feedback was new. */
  async insert(db: Queryable, w: WeakLabelInput): Promise<boolean> {
    const inserted = await rows<{ feedback_id: string }>(
      db,
      `INSERT INTO ${this.table} (feedback_id, event_id, project_id, item_id, question_id, feedback_source, source_detail,
         actor_id, answer, confidence, observed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (feedback_id) DO NOTHING RETURNING feedback_id`,
      [w.feedbackId, w.eventId, w.projectId, w.itemId, w.questionId, w.feedbackSource, w.sourceDetail, w.actorId,
        Buffer.from(toBinary(AnswerSchema, w.answer)), w.confidence, w.observedAt],
    );
    return inserted.length > 0;
  }

  /** The weak labels of an item's question in a project (and those sent without a project), oldest first. */
  async forDecision(db: Queryable, projectId: string, itemId: string, questionId: string): Promise<WeakLabel[]> {
    const found = await rows<Row>(
      db,
      `SELECT feedback_id, feedback_source, source_detail, answer, observed_at FROM ${this.table}
       WHERE item_id = $2 AND question_id = $3 AND (project_id = $1 OR project_id IS NULL)
       ORDER BY received_at, feedback_id LIMIT 50`,
      [projectId, itemId, questionId],
    );
    return found.map((r) =>
      create(WeakLabelSchema, {
        feedbackId: r.feedback_id,
        source: r.feedback_source as FeedbackSource,
        sourceDetail: r.source_detail,
        answer: fromBinary(AnswerSchema, r.answer),
        observedAt: r.observed_at ? timestampFromDate(r.observed_at) : undefined,
      }),
    );
  }
}
