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
  /** Per transaction: what `prefetch` read, by `weakKey`. */
  private readonly prefetched = new WeakMap<object, Map<string, Row[]>>();

  constructor(@Inject(WEAK_LABELS_SCHEMA) schema: string) {
    this.table = `"${assertSchemaName(schema)}".weak_labels`;
  }

  /** True when the feedback was new. */
  async insert(db: Queryable, w: WeakLabelInput): Promise<boolean> {
    this.prefetched.delete(db);
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
    const read = this.prefetched.get(db)?.get(weakKey(projectId, itemId, questionId));
    if (read) return read.map(toWeakLabel);
    return (await this.read(db, [{ projectId, itemId, questionId }])).get(weakKey(projectId, itemId, questionId))?.map(toWeakLabel) ?? [];
  }

  /**
   * Reads the weak labels of several decisions a transaction is about to make in one statement;
   * `forDecision` then answers them from memory until `endPrefetch` (or an insert in the same transaction).
   */
  async prefetch(db: Queryable, keys: readonly { projectId: string; itemId: string; questionId: string }[]): Promise<void> {
    const found = await this.read(db, keys);
    const memo = new Map<string, Row[]>();
    for (const k of keys) memo.set(weakKey(k.projectId, k.itemId, k.questionId), found.get(weakKey(k.projectId, k.itemId, k.questionId)) ?? []);
    this.prefetched.set(db, memo);
  }

  endPrefetch(db: Queryable): void {
    this.prefetched.delete(db);
  }

  /** Up to 50 per key, oldest first; one index probe per key. */
  private async read(db: Queryable, keys: readonly { projectId: string; itemId: string; questionId: string }[]): Promise<Map<string, Row[]>> {
    const unique = [...new Map(keys.map((k) => [weakKey(k.projectId, k.itemId, k.questionId), k])).values()];
    const out = new Map<string, Row[]>();
    if (unique.length === 0) return out;
    const found = await rows<Row & { k_project: string; k_item: string; k_question: string }>(
      db,
      `SELECT k.project_id AS k_project, k.item_id AS k_item, k.question_id AS k_question,
              w.feedback_id, w.feedback_source, w.source_detail, w.answer, w.observed_at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(project_id, item_id, question_id)
       CROSS JOIN LATERAL (
         SELECT feedback_id, feedback_source, source_detail, answer, observed_at FROM ${this.table} wl
         WHERE wl.item_id = k.item_id AND wl.question_id = k.question_id AND (wl.project_id = k.project_id OR wl.project_id IS NULL)
         ORDER BY wl.received_at, wl.feedback_id LIMIT 50
       ) w`,
      [unique.map((k) => k.projectId), unique.map((k) => k.itemId), unique.map((k) => k.questionId)],
    );
    for (const r of found) {
      const key = weakKey(r.k_project, r.k_item, r.k_question);
      if (!out.has(key)) out.set(key, []);
      out.get(key)!.push(r);
    }
    return out;
  }
}

const weakKey = (projectId: string, itemId: string, questionId: string) => JSON.stringify([projectId, itemId, questionId]);

const toWeakLabel = (r: Row): WeakLabel =>
  create(WeakLabelSchema, {
    feedbackId: r.feedback_id,
    source: r.feedback_source as FeedbackSource,
    sourceDetail: r.source_detail,
    answer: fromBinary(AnswerSchema, r.answer),
    observedAt: r.observed_at ? timestampFromDate(r.observed_at) : undefined,
  });
