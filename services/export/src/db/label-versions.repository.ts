import { Injectable } from '@nestjs/common';
import { Db, rows } from '@verity/persistence';
import type { CurrentVersion } from '../domain/label-version.rule';

export interface NewLabelVersion {
  itemId: string;
  questionId: string;
  labelVersion: number;
  status: number;
  label: string;
  softLabel: Record<string, number>;
  confidence: number;
  ontologyVersion: number;
  adjudicated: boolean;
  gold: boolean;
  contentDigest: string;
  provenance: unknown;
  labelEventId: string;
  labelEvent: Uint8Array;
  releaseRow: string;
  decisionEventId: string;
  decisionId: string;
  contentEventId: string;
  correlationId: string;
  decidedAt: Date;
}

/** A label: one (item, question), whichever project. */
export interface LabelKey {
  itemId: string;
  questionId: string;
}

/** The map key of a label in `currentMany`'s answer. */
export const labelKeyOf = (k: LabelKey): string => JSON.stringify([k.itemId, k.questionId]);

export interface DecisionRecord {
  decisionEventId: string;
  decisionId: string;
  itemId: string;
  questionId: string;
  producer: string;
  outcome: 'new_version' | 'unchanged' | 'stale';
  labelVersion: number;
  decidedAt: Date;
  correlationId: string;
}

/**
 * export.label_versions and export.decisions: append-only. A label is keyed by (item, question)
 * with no project in the primary key, so its version sequence and its lock span every project
 * that labels that key; reads for a project filter on project_id.
 */
@Injectable()
export class LabelVersionsRepository {
  /**
   * Serializes decisions of one (item, question) until the transaction ends.
   * @crossProject an advisory lock on the label key, which the primary key shares across projects; it reads no rows
   */
  async lock(db: Db, itemId: string, questionId: string): Promise<void> {
    await this.lockMany(db, [{ itemId, questionId }]);
  }

  /**
   * `lock` for several labels in one statement, taken in one fixed (sorted) order so that two
   * batches cannot deadlock on them.
   * @crossProject an advisory lock on the label key, which the primary key shares across projects; it reads no rows
   */
  async lockMany(db: Db, keys: readonly LabelKey[]): Promise<void> {
    const names = [...new Set(keys.map((k) => `export.label:${JSON.stringify([k.itemId, k.questionId])}`))].sort();
    if (names.length === 0) return;
    await db.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(k.name, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS k(name, n) ORDER BY k.n`,
      [names],
    );
  }

  /**
   * The latest version of the label, from which the next version number follows.
   * @crossProject the version sequence of (item, question) is one across projects (primary key without project): the next number must follow the latest in any project
   */
  async current(db: Db, itemId: string, questionId: string): Promise<CurrentVersion | null> {
    return (await this.currentMany(db, [{ itemId, questionId }])).get(labelKeyOf({ itemId, questionId })) ?? null;
  }

  /**
   * `current` for several labels in one statement (one index probe each), by `labelKeyOf`; labels
   * with no version yet are absent.
   * @crossProject the version sequence of (item, question) is one across projects (primary key without project): the next number must follow the latest in any project
   */
  async currentMany(db: Db, keys: readonly LabelKey[]): Promise<Map<string, CurrentVersion>> {
    const unique = [...new Map(keys.map((k) => [labelKeyOf(k), k])).values()];
    if (unique.length === 0) return new Map();
    const found = await rows<{
      item_id: string;
      question_id: string;
      label_version: number;
      content_digest: string;
      decided_at: Date;
      adjudicated: boolean;
      gold: boolean;
      ontology_version: number;
      verdict_request_id: string | null;
    }>(
      db,
      `SELECT k.item_id, k.question_id, v.label_version, v.content_digest, v.decided_at, v.adjudicated, v.gold, v.ontology_version,
              v.provenance -> 'verdict' ->> 'requestId' AS verdict_request_id
       FROM unnest($1::text[], $2::text[]) AS k(item_id, question_id)
       CROSS JOIN LATERAL (
         SELECT lv.label_version, lv.content_digest, lv.decided_at, lv.adjudicated, lv.gold, lv.ontology_version, lv.provenance
         FROM export.label_versions lv
         WHERE lv.item_id = k.item_id AND lv.question_id = k.question_id ORDER BY lv.label_version DESC LIMIT 1
       ) v`,
      [unique.map((k) => k.itemId), unique.map((k) => k.questionId)],
    );
    return new Map(
      found.map((r): [string, CurrentVersion] => [
        labelKeyOf({ itemId: r.item_id, questionId: r.question_id }),
        {
          labelVersion: r.label_version,
          contentDigest: r.content_digest,
          decidedAt: r.decided_at,
          adjudicated: r.adjudicated,
          gold: r.gold,
          ontologyVersion: r.ontology_version,
          verdictRequestId: r.verdict_request_id || null,
        },
      ]),
    );
  }

  async insertVersion(db: Db, projectId: string, v: NewLabelVersion): Promise<void> {
    await this.insertVersions(db, [{ ...v, projectId }]);
  }

  /** Several label versions in one statement (any projects). */
  async insertVersions(db: Db, vs: readonly (NewLabelVersion & { projectId: string })[]): Promise<void> {
    if (vs.length === 0) return;
    const col = <T>(f: (v: NewLabelVersion & { projectId: string }) => T): T[] => vs.map(f);
    await db.query(
      `INSERT INTO export.label_versions (item_id, question_id, label_version, project_id, status, label, soft_label,
         confidence, ontology_version, adjudicated, gold, content_digest, provenance, label_event_id, label_event,
         release_row, decision_event_id, decision_id, content_event_id, correlation_id, decided_at)
       SELECT item_id, question_id, label_version, project_id, status, label, soft_label::jsonb,
         confidence, ontology_version, adjudicated, gold, content_digest, provenance::jsonb, label_event_id, label_event,
         release_row, decision_event_id, decision_id, content_event_id, correlation_id, decided_at
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::smallint[], $6::text[], $7::text[], $8::float8[], $9::int[],
         $10::bool[], $11::bool[], $12::text[], $13::text[], $14::text[], $15::bytea[], $16::text[], $17::text[], $18::text[],
         $19::text[], $20::text[], $21::timestamptz[])
         AS v(item_id, question_id, label_version, project_id, status, label, soft_label, confidence, ontology_version,
           adjudicated, gold, content_digest, provenance, label_event_id, label_event, release_row, decision_event_id,
           decision_id, content_event_id, correlation_id, decided_at)`,
      [
        col((v) => v.itemId),
        col((v) => v.questionId),
        col((v) => v.labelVersion),
        col((v) => v.projectId),
        col((v) => v.status),
        col((v) => v.label),
        col((v) => JSON.stringify(v.softLabel)),
        col((v) => v.confidence),
        col((v) => v.ontologyVersion),
        col((v) => v.adjudicated),
        col((v) => v.gold),
        col((v) => v.contentDigest),
        col((v) => JSON.stringify(v.provenance)),
        col((v) => v.labelEventId),
        col((v) => Buffer.from(v.labelEvent)),
        col((v) => v.releaseRow),
        col((v) => v.decisionEventId),
        col((v) => v.decisionId),
        col((v) => v.contentEventId),
        col((v) => v.correlationId),
        col((v) => v.decidedAt),
      ],
    );
  }

  async insertDecision(db: Db, projectId: string, d: DecisionRecord): Promise<void> {
    await this.insertDecisions(db, [{ ...d, projectId }]);
  }

  /** Several received decisions in one statement (any projects); one already recorded is left as it is. */
  async insertDecisions(db: Db, ds: readonly (DecisionRecord & { projectId: string })[]): Promise<void> {
    if (ds.length === 0) return;
    const col = <T>(f: (d: DecisionRecord & { projectId: string }) => T): T[] => ds.map(f);
    await db.query(
      `INSERT INTO export.decisions (decision_event_id, decision_id, project_id, item_id, question_id, producer, outcome,
         label_version, decided_at, correlation_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
         $9::timestamptz[], $10::text[])
       ON CONFLICT (decision_event_id) DO NOTHING`,
      [
        col((d) => d.decisionEventId),
        col((d) => d.decisionId),
        col((d) => d.projectId),
        col((d) => d.itemId),
        col((d) => d.questionId),
        col((d) => d.producer),
        col((d) => d.outcome),
        col((d) => d.labelVersion),
        col((d) => d.decidedAt),
        col((d) => d.correlationId),
      ],
    );
  }

  /** Every version of one label in the project, oldest first (audit). */
  versions(db: Db, projectId: string, itemId: string, questionId: string) {
    return rows<{
      label_version: number;
      project_id: string;
      label_event: Buffer;
      content_digest: string;
      created_at: Date;
    }>(
      db,
      `SELECT label_version, project_id, label_event, content_digest, created_at FROM export.label_versions
       WHERE item_id = $1 AND question_id = $2 AND project_id = $3 ORDER BY label_version`,
      [itemId, questionId, projectId],
    );
  }

  /** Every decision received for one label in the project (audit). */
  decisions(db: Db, projectId: string, itemId: string, questionId: string) {
    return rows<{
      decision_event_id: string;
      decision_id: string;
      producer: string;
      outcome: string;
      label_version: number;
      decided_at: Date;
      correlation_id: string;
      received_at: Date;
    }>(
      db,
      `SELECT decision_event_id, decision_id, producer, outcome, label_version, decided_at, correlation_id, received_at
       FROM export.decisions WHERE item_id = $1 AND question_id = $2 AND project_id = $3 ORDER BY received_at, decision_event_id`,
      [itemId, questionId, projectId],
    );
  }
}
