import { Injectable } from '@nestjs/common';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AnswerSchema, FeedbackSource, type Answer, type WeakLabel } from '@verity/contracts';
import { rows, type Queryable } from '@verity/persistence';
import type { FeedbackRecord } from '../domain/lf-inputs.policy';

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
    const inserted = await rows<{ feedback_id: string }>(
      db,
      `INSERT INTO prelabel.weak_labels (feedback_id, event_id, project_id, item_id, source, source_id, question_id, feedback_source, source_detail,
         actor_id, answer, confidence, request_review, observed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (feedback_id) DO NOTHING RETURNING feedback_id`,
      [w.feedbackId, w.eventId, w.projectId, w.itemId, w.source, w.sourceId, w.questionId, w.feedbackSource, w.sourceDetail, w.actorId,
        Buffer.from(toBinary(AnswerSchema, w.answer)), w.confidence, w.requestReview, w.observedAt],
    );
    return inserted.length > 0;
  }

  /**
   * Weak labels of an item and question in a project, as provenance records (oldest first): the
   * project's own and those sent without a project (they apply to the item in every project).
   */
  async forItem(db: Queryable, projectId: string, itemId: string, questionId: string): Promise<WeakLabel[]> {
    return (await this.forItems(db, [{ projectId, itemId, questionId }])).get(weakKey(itemId, questionId)) ?? [];
  }

  /** `forItem` of many (project, item, question) in one query, by `weakKey`; pairs without weak labels are absent. */
  async forItems(db: Queryable, keys: readonly { projectId: string; itemId: string; questionId: string }[]): Promise<Map<string, WeakLabel[]>> {
    const out = new Map<string, WeakLabel[]>();
    if (keys.length === 0) return out;
    const found = await rows<{ item_id: string; question_id: string; feedback_id: string; feedback_source: number; source_detail: string; answer: Uint8Array; observed_at: Date | null }>(
      db,
      `SELECT w.item_id, w.question_id, w.feedback_id, w.feedback_source, w.source_detail, w.answer, w.observed_at
         FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[])) AS k(project_id, item_id, question_id)
         CROSS JOIN LATERAL (SELECT * FROM prelabel.weak_labels w WHERE w.item_id = k.item_id AND w.question_id = k.question_id
                               AND (w.project_id IS NULL OR w.project_id = k.project_id)
                             ORDER BY w.received_at LIMIT 50) w
         ORDER BY w.item_id, w.question_id, w.received_at`,
      [keys.map((k) => k.projectId), keys.map((k) => k.itemId), keys.map((k) => k.questionId)],
    );
    for (const r of found) {
      const key = weakKey(r.item_id, r.question_id);
      const label = {
        $typeName: 'verity.common.v1.WeakLabel',
        feedbackId: r.feedback_id,
        source: r.feedback_source as FeedbackSource,
        sourceDetail: r.source_detail,
        answer: fromBinary(AnswerSchema, r.answer),
        observedAt: r.observed_at ? timestampFromDate(r.observed_at) : undefined,
      } as WeakLabel;
      out.set(key, [...(out.get(key) ?? []), label]);
    }
    return out;
  }

  /**
   * Every feedback record of the items that applies in the project (its own, and those sent
   * without a project): what `feedback` labeling functions read. At most 50 per item, oldest first.
   */
  async recordsOf(db: Queryable, projectId: string, itemIds: readonly string[]): Promise<FeedbackRecord[]> {
    if (itemIds.length === 0) return [];
    const found = await rows<{ item_id: string; feedback_source: number; source_detail: string; answer: Uint8Array }>(
      db,
      `SELECT k.item_id, w.feedback_source, w.source_detail, w.answer
         FROM (SELECT DISTINCT unnest($2::text[]) AS item_id) AS k
         CROSS JOIN LATERAL (SELECT * FROM prelabel.weak_labels w WHERE w.item_id = k.item_id AND (w.project_id IS NULL OR w.project_id = $1)
                             ORDER BY w.received_at LIMIT 50) w`,
      [projectId, [...itemIds]],
    );
    return found.map((r) => ({ itemId: r.item_id, source: r.feedback_source as FeedbackSource, sourceDetail: r.source_detail, answer: fromBinary(AnswerSchema, r.answer) }));
  }
}

/** The key of `forItems`' result. */
export const weakKey = (itemId: string, questionId: string) => `${itemId}\u0000${questionId}`;
