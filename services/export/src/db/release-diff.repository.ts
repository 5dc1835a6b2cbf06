import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LabelStatus } from '@verity/contracts';
import { Db, row, rows } from '@verity/persistence';
import { DiffCounts, diffCounts, DiffKey, DiffSide } from '../domain/release.diff';

/** One page row: the key, the version each release holds (null: not in it), and both sides' label. */
interface RawDiffRow {
  item_id: string;
  question_id: string;
  before_version: number | null;
  after_version: number | null;
  b_status: number | null;
  b_label: string | null;
  b_answer: unknown;
  b_confidence: number | null;
  b_ontology_version: number | null;
  b_adjudicated: boolean | null;
  b_gold: boolean | null;
  b_decided_at: Date | null;
  b_label_event_id: string | null;
  a_status: number | null;
  a_label: string | null;
  a_answer: unknown;
  a_confidence: number | null;
  a_ontology_version: number | null;
  a_adjudicated: boolean | null;
  a_gold: boolean | null;
  a_decided_at: Date | null;
  a_label_event_id: string | null;
}

export interface DiffPageRow {
  itemId: string;
  questionId: string;
  before: DiffSide | null;
  after: DiffSide | null;
}

const side = (r: RawDiffRow, p: 'b' | 'a', version: number | null): DiffSide | null => {
  if (version === null) return null;
  const v = <K extends string>(k: K) => r[`${p}_${k}` as keyof RawDiffRow];
  return {
    labelVersion: version,
    status: v('status') === LabelStatus.EXCLUDED ? 'excluded' : 'active',
    label: v('label') as string,
    answer: v('answer') ?? null,
    confidence: v('confidence') as number,
    ontologyVersion: v('ontology_version') as number,
    adjudicated: v('adjudicated') as boolean,
    gold: v('gold') as boolean,
    decidedAt: (v('decided_at') as Date).toISOString(),
    labelEventId: v('label_event_id') as string,
  };
};

const SIDE_COLUMNS = (alias: string, p: string) =>
  [
    `${alias}.status AS ${p}_status`,
    `${alias}.label AS ${p}_label`,
    `(${alias}.release_row::jsonb) -> 'answer' AS ${p}_answer`,
    `${alias}.confidence AS ${p}_confidence`,
    `${alias}.ontology_version AS ${p}_ontology_version`,
    `${alias}.adjudicated AS ${p}_adjudicated`,
    `${alias}.gold AS ${p}_gold`,
    `${alias}.decided_at AS ${p}_decided_at`,
    `${alias}.label_event_id AS ${p}_label_event_id`,
  ].join(', ');

/** SQL true when releases $1 (from) and $2 (to) both belong to the project parameter; evaluated once per query. */
const BOTH_OF_PROJECT = (projectParam: string) =>
  `EXISTS (SELECT 1 FROM export.releases WHERE release_id = $1 AND project_id = ${projectParam})
   AND EXISTS (SELECT 1 FROM export.releases WHERE release_id = $2 AND project_id = ${projectParam})`;

/**
 * The differences between two releases, in SQL over export.release_labels (each release's exact
 * label versions). Releases never change, so a diff is computed once and kept: one pass joins
 * the two releases by (item_id, question_id) (each read through `release_labels_by_key`, its
 * own rows only) and writes the keys whose version differs to release_diff_entries, with the
 * counts in release_diffs, in one transaction. A page is then a keyset range of
 * release_diff_entries' primary key after the cursor, joined to label_versions by primary key
 * for both sides: its cost is its rows, whatever the size of the releases.
 *
 * In SQL, `b` is the "from" release (before) and `a` the "to" release (after). release_diffs and
 * release_diff_entries have no project column: every method reaches them through the two
 * releases, which must both be of the project.
 */
@Injectable()
export class ReleaseDiffRepository {
  /** The counts of the diff; computes and keeps the diff first when it is not kept yet. */
  async ensure(
    ds: DataSource,
    projectId: string,
    from: { releaseId: string; labelCount: number },
    to: { releaseId: string; labelCount: number },
  ): Promise<DiffCounts> {
    const kept = await this.kept(ds, projectId, from.releaseId, to.releaseId);
    if (kept) return kept;
    return ds.transaction(async (tx) => {
      // One computation per pair: a concurrent first request waits, then reads what this one kept.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`export.release_diff:${from.releaseId}:${to.releaseId}`]);
      const again = await this.kept(tx, projectId, from.releaseId, to.releaseId);
      if (again) return again;
      await this.requireOfProject(tx, projectId, [from.releaseId, to.releaseId]);
      const written = await row<{ added: number; changed: number; removed: number }>(
        tx,
        `WITH ins AS (
           INSERT INTO export.release_diff_entries (from_release_id, to_release_id, item_id, question_id, before_version, after_version)
           SELECT $1, $2, coalesce(b.item_id, a.item_id), coalesce(b.question_id, a.question_id), b.label_version, a.label_version
           FROM (SELECT item_id, question_id, label_version FROM export.release_labels WHERE release_id = $1) b
           FULL JOIN (SELECT item_id, question_id, label_version FROM export.release_labels WHERE release_id = $2) a
             ON a.item_id = b.item_id AND a.question_id = b.question_id
           WHERE a.label_version IS DISTINCT FROM b.label_version
           RETURNING before_version, after_version)
         SELECT count(*) FILTER (WHERE before_version IS NULL)::int AS added,
                count(*) FILTER (WHERE before_version IS NOT NULL AND after_version IS NOT NULL)::int AS changed,
                count(*) FILTER (WHERE after_version IS NULL)::int AS removed
         FROM ins`,
        [from.releaseId, to.releaseId],
      );
      const counts = diffCounts(from.labelCount, to.labelCount, written ?? { added: 0, changed: 0, removed: 0 });
      await tx.query(
        `INSERT INTO export.release_diffs (from_release_id, to_release_id, added, changed, removed, unchanged) VALUES ($1, $2, $3, $4, $5, $6)`,
        [from.releaseId, to.releaseId, counts.added, counts.changed, counts.removed, counts.unchanged],
      );
      return counts;
    });
  }

  private kept(db: Db, projectId: string, fromId: string, toId: string): Promise<DiffCounts | undefined> {
    return row<DiffCounts>(
      db,
      `SELECT d.added, d.changed, d.removed, d.unchanged FROM export.release_diffs d
       WHERE d.from_release_id = $1 AND d.to_release_id = $2 AND ${BOTH_OF_PROJECT('$3')}`,
      [fromId, toId, projectId],
    );
  }

  /** A diff is kept only between two releases of one project. */
  private async requireOfProject(db: Db, projectId: string, releaseIds: string[]): Promise<void> {
    const wanted = [...new Set(releaseIds)];
    const found = await row<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM export.releases WHERE release_id = ANY($1::text[]) AND project_id = $2`,
      [wanted, projectId],
    );
    if (found?.n !== wanted.length) throw new Error(`releases ${wanted.join(', ')}: not all of project ${projectId}; no diff kept`);
  }

  /** Up to `limit` entries of a kept diff after `after` (from the start when null), in key order. */
  async page(db: Db, projectId: string, fromId: string, toId: string, after: DiffKey | null, limit: number): Promise<DiffPageRow[]> {
    // No cursor: every key is >= ('', ''), the smallest pair; the same index condition either way.
    const op = after ? '>' : '>=';
    const r = await rows<RawDiffRow>(
      db,
      `SELECT e.item_id, e.question_id, e.before_version, e.after_version, ${SIDE_COLUMNS('bv', 'b')}, ${SIDE_COLUMNS('av', 'a')}
       FROM (SELECT item_id, question_id, before_version, after_version FROM export.release_diff_entries
             WHERE from_release_id = $1 AND to_release_id = $2 AND (item_id, question_id) ${op} ($3, $4) AND ${BOTH_OF_PROJECT('$6')}
             ORDER BY item_id, question_id
             LIMIT $5) e
       LEFT JOIN export.label_versions bv
         ON bv.item_id = e.item_id AND bv.question_id = e.question_id AND bv.label_version = e.before_version
       LEFT JOIN export.label_versions av
         ON av.item_id = e.item_id AND av.question_id = e.question_id AND av.label_version = e.after_version
       ORDER BY e.item_id, e.question_id`,
      [fromId, toId, after?.itemId ?? '', after?.questionId ?? '', limit, projectId],
    );
    return r.map((x) => ({
      itemId: x.item_id,
      questionId: x.question_id,
      before: side(x, 'b', x.before_version),
      after: side(x, 'a', x.after_version),
    }));
  }
}
