import { Injectable } from '@nestjs/common';
import { rows, type Queryable } from '@verity/persistence';

export interface StoredLabel {
  projectId: string;
  itemId: string;
  questionId: string;
  labelVersion: number;
  optionId: string;
  gold: boolean;
  excluded: boolean;
  eventId: string;
  /** When the label was decided (LabelEvent.decided_at); null when unknown. */
  labeledAt?: Date | null;
  /** How sure the label is (LabelEvent.confidence); null when unknown. */
  confidence?: number | null;
}

/** A training label with what the model loop report needs to know about it. */
export interface TrainingLabel {
  itemId: string;
  text: string;
  label: string;
  /** When the item's first label arrived here: no model stored before it can have trained on the item. */
  firstReceivedAt: Date;
  /** When the (latest) label was decided; null when unknown. */
  labeledAt: Date | null;
  /** The label's confidence (1 for gold); null when unknown. */
  confidence: number | null;
  /** The label version held, and whether it is gold. */
  labelVersion: number;
  gold: boolean;
  /** The labels.v1 event that carried it. */
  eventId: string;
  /** A machine was sure of the item and humans saw it only as a blind audit (a draft routed `audit`). */
  audited: boolean;
}

/** A label's option with its item's text, as `trainingSet` and `goldExamples` select them. */
interface OptionText {
  option_id: string;
  text: string;
}

/** The latest label version per (project, item, question) from labels.v1. */
@Injectable()
export class LabelRepository {
  /** Keeps the highest label_version; true when this version was stored. */
  async upsert(db: Queryable, l: StoredLabel): Promise<boolean> {
    const stored = await rows<{ item_id: string }>(
      db,
      `INSERT INTO prelabel.labels (project_id, item_id, question_id, label_version, option_id, gold, excluded, event_id, labeled_at, confidence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (project_id, item_id, question_id) DO UPDATE SET label_version = EXCLUDED.label_version,
         option_id = EXCLUDED.option_id, gold = EXCLUDED.gold, excluded = EXCLUDED.excluded, event_id = EXCLUDED.event_id, received_at = now(),
         labeled_at = EXCLUDED.labeled_at, confidence = EXCLUDED.confidence
       WHERE prelabel.labels.label_version < EXCLUDED.label_version
       RETURNING item_id`,
      [l.projectId, l.itemId, l.questionId, l.labelVersion, l.optionId, l.gold, l.excluded, l.eventId, l.labeledAt ?? null, l.confidence ?? null],
    );
    return stored.length > 0;
  }

  /** Training data: the latest `limit` active labels whose item text is known. */
  async trainingSet(db: Queryable, projectId: string, questionId: string, limit: number): Promise<{ text: string; label: string }[]> {
    const labels = await rows<OptionText>(
      db,
      `SELECT l.option_id, t.text FROM prelabel.labels l
       JOIN LATERAL (SELECT text FROM prelabel.tasks WHERE project_id = l.project_id AND item_id = l.item_id AND text IS NOT NULL LIMIT 1) t ON true
       WHERE l.project_id = $1 AND l.question_id = $2 AND NOT l.excluded AND l.option_id <> ''
       ORDER BY l.received_at DESC LIMIT $3`,
      [projectId, questionId, limit],
    );
    return labels.map((r) => ({ text: r.text, label: r.option_id }));
  }

  /**
   * The training set as `trainingSet` chooses it (the latest `limit` active labels whose item text
   * is known), with each label's item, first arrival and decision time, and `cutoff`: the
   * database time of the read (a label first received after it is in no model trained from it).
   */
  async trainingLabels(db: Queryable, projectId: string, questionId: string, limit: number): Promise<{ labels: TrainingLabel[]; cutoff: Date }> {
    const found = await rows<{
      item_id: string; option_id: string; text: string; first_received_at: Date; labeled_at: Date | null; confidence: number | null;
      label_version: number; gold: boolean; event_id: string; audited: boolean; cutoff: Date;
    }>(
      db,
      `SELECT l.item_id, l.option_id, t.text, l.first_received_at, l.labeled_at, CASE WHEN l.gold THEN 1 ELSE l.confidence END AS confidence,
              l.label_version, l.gold, l.event_id,
              EXISTS (SELECT 1 FROM prelabel.drafts d WHERE d.project_id = l.project_id AND d.item_id = l.item_id AND d.question_id = l.question_id AND d.route = 'audit') AS audited,
              now() AS cutoff
       FROM prelabel.labels l
       JOIN LATERAL (SELECT text FROM prelabel.tasks WHERE project_id = l.project_id AND item_id = l.item_id AND text IS NOT NULL LIMIT 1) t ON true
       WHERE l.project_id = $1 AND l.question_id = $2 AND NOT l.excluded AND l.option_id <> ''
       ORDER BY l.received_at DESC LIMIT $3`,
      [projectId, questionId, limit],
    );
    const cutoff = found[0]?.cutoff ?? (await rows<{ cutoff: Date }>(db, `SELECT now() AS cutoff`))[0].cutoff;
    return {
      labels: found.map((r) => ({
        itemId: r.item_id, text: r.text, label: r.option_id, firstReceivedAt: r.first_received_at, labeledAt: r.labeled_at, confidence: r.confidence,
        labelVersion: r.label_version, gold: r.gold, eventId: r.event_id, audited: r.audited,
      })),
      cutoff,
    };
  }

  /** Labels received after `since` (all when since is null) that could train the model. */
  async countUsableSince(db: Queryable, projectId: string, questionId: string, since: Date | null): Promise<number> {
    const [r] = await rows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM prelabel.labels l
       WHERE l.project_id = $1 AND l.question_id = $2 AND NOT l.excluded AND ($3::timestamptz IS NULL OR l.received_at > $3)
         AND EXISTS (SELECT 1 FROM prelabel.tasks t WHERE t.project_id = l.project_id AND t.item_id = l.item_id AND t.text IS NOT NULL)`,
      [projectId, questionId, since],
    );
    return r.n;
  }

  /** Gold examples for the LLM prompt: the latest gold labels with text. */
  async goldExamples(db: Queryable, projectId: string, questionId: string, limit: number): Promise<{ text: string; optionId: string }[]> {
    if (limit <= 0) return [];
    const gold = await rows<OptionText>(
      db,
      `SELECT l.option_id, t.text FROM prelabel.labels l
       JOIN LATERAL (SELECT text FROM prelabel.tasks WHERE project_id = l.project_id AND item_id = l.item_id AND text IS NOT NULL LIMIT 1) t ON true
       WHERE l.project_id = $1 AND l.question_id = $2 AND l.gold AND NOT l.excluded ORDER BY l.received_at DESC LIMIT $3`,
      [projectId, questionId, limit],
    );
    return gold.map((r) => ({ text: r.text, optionId: r.option_id }));
  }

  /** (LLM confidence, correct) of every LLM draft whose item now has a human label. */
  async llmPairs(db: Queryable, projectId: string, questionId: string, limit: number): Promise<{ confidence: number; correct: boolean }[]> {
    const pairs = await rows<{ confidence: number; correct: boolean }>(
      db,
      `SELECT d.confidence, (d.option_id = l.option_id) AS correct FROM prelabel.drafts d
       JOIN prelabel.labels l ON l.project_id = d.project_id AND l.item_id = d.item_id AND l.question_id = d.question_id
       WHERE d.project_id = $1 AND d.question_id = $2 AND d.backend = 'llm' AND d.option_id IS NOT NULL AND NOT l.excluded
       ORDER BY d.created_at DESC LIMIT $3`,
      [projectId, questionId, limit],
    );
    return pairs.map((r) => ({ confidence: r.confidence, correct: r.correct }));
  }

  /** Decided labels of a (project, question), item → option (excluded and empty ones left out): LF accuracy's reference. */
  async decided(db: Queryable, projectId: string, questionId: string): Promise<Map<string, string>> {
    const labels = await rows<{ item_id: string; option_id: string }>(
      db,
      `SELECT item_id, option_id FROM prelabel.labels WHERE project_id = $1 AND question_id = $2 AND NOT excluded AND option_id <> ''`,
      [projectId, questionId],
    );
    return new Map(labels.map((r) => [r.item_id, r.option_id]));
  }

  async isLabeled(db: Queryable, projectId: string, itemId: string, questionId: string): Promise<boolean> {
    const found = await rows<{ '?column?': number }>(
      db,
      `SELECT 1 FROM prelabel.labels WHERE project_id = $1 AND item_id = $2 AND question_id = $3 AND NOT excluded`,
      [projectId, itemId, questionId],
    );
    return found.length > 0;
  }
}
