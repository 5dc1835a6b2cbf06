import { Injectable } from '@nestjs/common';
import { LabelStatus } from '@verity/contracts';
import type { EntityManager } from 'typeorm';
import { Db, row, rows } from '@verity/persistence';
import type { ManifestFile, Manifest } from '../domain/release-manifest.writer';
import type { NormalizedSelection } from '../domain/release-selection.rule';

/** One selected label version, with its stored canonical JSON line. */
export interface SelectedRow {
  itemId: string;
  questionId: string;
  labelVersion: number;
  label: string;
  status: 'active' | 'excluded';
  ontologyVersion: number;
  decidedAt: string;
  line: string;
}

interface RawRow {
  item_id: string;
  question_id: string;
  label_version: number;
  label: string;
  status: number;
  ontology_version: number;
  decided_at: Date;
  release_row: string;
}

const toSelected = (r: RawRow): SelectedRow => ({
  itemId: r.item_id,
  questionId: r.question_id,
  labelVersion: r.label_version,
  label: r.label,
  status: r.status === LabelStatus.EXCLUDED ? 'excluded' : 'active',
  ontologyVersion: r.ontology_version,
  decidedAt: r.decided_at.toISOString(),
  line: r.release_row,
});

export interface ReleaseRecord {
  releaseId: string;
  projectId: string;
  name: string;
  location: string;
  selection: NormalizedSelection;
  parentReleaseId: string | null;
  trigger: 'api' | 'schedule';
  requestedBy: string;
  labelCount: number;
  ontologyVersions: number[];
  manifestKey: string;
  manifestSha256: string;
  manifestSize: number;
  manifest: Manifest;
  releaseEventId: string;
  createdAt: string;
}

interface RawRelease {
  release_id: string;
  project_id: string;
  name: string;
  location: string;
  selection: NormalizedSelection;
  parent_release_id: string | null;
  trigger: 'api' | 'schedule';
  requested_by: string;
  label_count: number;
  ontology_versions: number[];
  manifest_key: string;
  manifest_sha256: string;
  manifest_size: string;
  manifest: Manifest;
  release_event_id: string;
  created_at: Date;
}

const toRelease = (r: RawRelease): ReleaseRecord => ({
  releaseId: r.release_id,
  projectId: r.project_id,
  name: r.name,
  location: r.location,
  selection: r.selection,
  parentReleaseId: r.parent_release_id,
  trigger: r.trigger,
  requestedBy: r.requested_by,
  labelCount: r.label_count,
  ontologyVersions: r.ontology_versions,
  manifestKey: r.manifest_key,
  manifestSha256: r.manifest_sha256,
  manifestSize: Number(r.manifest_size),
  manifest: r.manifest,
  releaseEventId: r.release_event_id,
  createdAt: r.created_at.toISOString(),
});

const SELECTED_COLUMNS = `item_id, question_id, label_version, label, status, ontology_version, decided_at, release_row`;

/** The selection query: its rows are the release, in release order (COLLATE "C" columns). */
function selectionQuery(projectId: string, s: NormalizedSelection): { sql: string; params: unknown[] } {
  return {
    sql: `WITH latest AS (
         SELECT DISTINCT ON (item_id, question_id) ${SELECTED_COLUMNS}, gold, confidence
         FROM export.label_versions
         WHERE project_id = $1 AND decided_at < $2 AND (cardinality($3::text[]) = 0 OR question_id = ANY($3))
         ORDER BY item_id, question_id, label_version DESC)
       SELECT ${SELECTED_COLUMNS} FROM latest
       WHERE ($4::timestamptz IS NULL OR decided_at >= $4)
         AND (cardinality($5::int[]) = 0 OR ontology_version = ANY($5))
         AND ($6 OR status = ${LabelStatus.ACTIVE})
         AND (NOT $7 OR gold)
         AND ($8::float8 IS NULL OR confidence >= $8)
         AND NOT EXISTS (SELECT 1 FROM export.erased_items e WHERE e.project_id = $1 AND e.item_id = latest.item_id)
       ORDER BY item_id, question_id`,
    params: [projectId, s.until, s.question_ids, s.since, s.ontology_versions, s.include_excluded, s.only_gold, s.min_confidence],
  };
}

/** export.releases, release_files, release_labels; every query is scoped by project. */
@Injectable()
export class ReleasesRepository {
  /** How many rows a selection holds and their ontology versions (checked before anything is written). */
  async summarize(db: Db, projectId: string, s: NormalizedSelection): Promise<{ count: number; ontologyVersions: number[] }> {
    const q = selectionQuery(projectId, s);
    const r = await row<{ n: number; versions: number[] }>(
      db,
      `SELECT count(*)::int AS n, coalesce(array_agg(DISTINCT ontology_version ORDER BY ontology_version), '{}') AS versions
       FROM (${q.sql}) s`,
      q.params,
    );
    return { count: r?.n ?? 0, ontologyVersions: r?.versions ?? [] };
  }

  /**
   * Records the selection's exact label versions for a release about to be written, in release
   * order (ordinal 0…n−1), in one statement; returns how many. Call in the snapshot that counted
   * the selection. Until the release itself is recorded (insert), no read sees these rows: every
   * read of release_labels goes through export.releases.
   */
  async reserveLabels(tx: EntityManager, projectId: string, releaseId: string, s: NormalizedSelection): Promise<number> {
    const q = selectionQuery(projectId, s);
    const n = q.params.length;
    const inserted = await row<{ n: number }>(
      tx,
      `WITH ins AS (
         INSERT INTO export.release_labels (release_id, ordinal, item_id, question_id, label_version)
         SELECT $${n + 1}, (row_number() OVER (ORDER BY item_id, question_id) - 1)::int, item_id, question_id, label_version
         FROM (${q.sql}) s
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [...q.params, releaseId],
    );
    const count = inserted?.n ?? 0;
    await tx.query(`INSERT INTO export.release_reservations (release_id, project_id, label_count) VALUES ($1, $2, $3)`, [releaseId, projectId, count]);
    return count;
  }

  /**
   * Forgets the label versions reserved for a release that was never recorded (its build failed).
   * @crossProject by release id only: the caller's own build, whose fresh id it reserved under its project
   */
  async dropReserved(db: Db, releaseId: string): Promise<void> {
    await db.query(
      `DELETE FROM export.release_labels rl
       WHERE rl.release_id = $1 AND NOT EXISTS (SELECT 1 FROM export.releases r WHERE r.release_id = rl.release_id)`,
      [releaseId],
    );
    await db.query(`DELETE FROM export.release_reservations WHERE release_id = $1`, [releaseId]);
  }

  /**
   * Drops the reservations older than `maxAgeMs` that no release recorded (their build crashed
   * between reserving and recording); returns how many releases' and label versions' rows went.
   * @crossProject the sweep clears crashed builds of every project; it deletes only rows no release of any project references
   */
  async sweepReservations(db: Db, maxAgeMs: number): Promise<{ releases: number; labels: number }> {
    const r = await row<{ releases: number; labels: number }>(
      db,
      `WITH stale AS (
         DELETE FROM export.release_reservations
         WHERE reserved_at < now() - make_interval(secs => $1::float8 / 1000)
         RETURNING release_id),
       labels AS (
         DELETE FROM export.release_labels rl USING stale s
         WHERE rl.release_id = s.release_id AND NOT EXISTS (SELECT 1 FROM export.releases r WHERE r.release_id = rl.release_id)
         RETURNING 1)
       SELECT (SELECT count(*) FROM stale)::int AS releases, (SELECT count(*) FROM labels)::int AS labels`,
      [maxAgeMs],
    );
    return { releases: r?.releases ?? 0, labels: r?.labels ?? 0 };
  }

  /**
   * The label versions recorded (or reserved) for a release, in release order, in pages of
   * ordinals: each page is one short statement, in no transaction of its own. Label versions
   * are never changed and a release's rows never either, so no snapshot has to span the pages.
   * A page that comes back short means rows went missing: it throws rather than write a release
   * without them.
   * @crossProject by release id only: callers pass the id of a build they reserved under the project, or of a release they found in it (recordedPages)
   */
  async *labelPages(db: Db, releaseId: string, count: number, pageRows: number): AsyncGenerator<SelectedRow[]> {
    const size = Math.max(1, Math.floor(pageRows));
    for (let from = 0; from < count; from += size) {
      const to = Math.min(from + size, count);
      const page = await rows<RawRow>(
        db,
        `SELECT ${SELECTED_COLUMNS.split(', ').map((c) => `lv.${c}`).join(', ')}
         FROM export.release_labels rl
         JOIN export.label_versions lv USING (item_id, question_id, label_version)
         WHERE rl.release_id = $1 AND rl.ordinal >= $2 AND rl.ordinal < $3 ORDER BY rl.ordinal`,
        [releaseId, from, to],
      );
      if (page.length !== to - from) {
        throw new Error(`release ${releaseId}: label versions ${from}…${to - 1} read back ${page.length} rows, not ${to - from}`);
      }
      yield page.map(toSelected);
    }
  }

  /** The recorded label versions of a release of the project in release order, in pages (re-export, Label Studio). */
  async *recordedPages(db: Db, projectId: string, releaseId: string, pageRows: number): AsyncGenerator<SelectedRow[]> {
    const r = await row<{ label_count: number }>(db, `SELECT label_count FROM export.releases WHERE project_id = $1 AND release_id = $2`, [projectId, releaseId]);
    if (!r) return;
    yield* this.labelPages(db, releaseId, r.label_count, pageRows);
  }

  /** The release and its files; its label versions were reserved by reserveLabels (`reserved` of them). */
  async insert(db: Db, projectId: string, rec: Omit<ReleaseRecord, 'projectId'>, files: ManifestFile[], reserved: number): Promise<void> {
    if (reserved !== rec.labelCount) {
      throw new Error(`release ${rec.releaseId}: wrote ${rec.labelCount} labels but reserved ${reserved}; not recorded`);
    }
    await db.query(
      `INSERT INTO export.releases (release_id, project_id, name, location, selection, parent_release_id, trigger,
         requested_by, label_count, ontology_versions, manifest_key, manifest_sha256, manifest_size, manifest,
         release_event_id, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
      [
        rec.releaseId,
        projectId,
        rec.name,
        rec.location,
        JSON.stringify(rec.selection),
        rec.parentReleaseId,
        rec.trigger,
        rec.requestedBy,
        rec.labelCount,
        rec.ontologyVersions,
        rec.manifestKey,
        rec.manifestSha256,
        rec.manifestSize,
        JSON.stringify(rec.manifest),
        rec.releaseEventId,
        rec.createdAt,
      ],
    );
    await db.query(`DELETE FROM export.release_reservations WHERE release_id = $1`, [rec.releaseId]);
    for (const f of files) {
      await db.query(
        `INSERT INTO export.release_files (release_id, key, format, media_type, sha256, size_bytes, record_count)
         VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [rec.releaseId, f.key, f.format, f.media_type, f.sha256, f.size, f.record_count],
      );
    }
  }

  async find(db: Db, projectId: string, releaseId: string): Promise<ReleaseRecord | undefined> {
    const r = await row<RawRelease>(db, `SELECT * FROM export.releases WHERE project_id = $1 AND release_id = $2`, [
      projectId,
      releaseId,
    ]);
    return r && toRelease(r);
  }

  async list(db: Db, projectId: string, limit: number): Promise<ReleaseRecord[]> {
    const r = await rows<RawRelease>(
      db,
      `SELECT * FROM export.releases WHERE project_id = $1 ORDER BY created_at DESC, release_id DESC LIMIT $2`,
      [projectId, limit],
    );
    return r.map(toRelease);
  }

  async files(db: Db, projectId: string, releaseId: string): Promise<ManifestFile[]> {
    const r = await rows<{ key: string; format: ManifestFile['format']; media_type: string; sha256: string; size_bytes: string; record_count: string }>(
      db,
      `SELECT f.key, f.format, f.media_type, f.sha256, f.size_bytes, f.record_count FROM export.release_files f
       JOIN export.releases r ON r.release_id = f.release_id AND r.project_id = $2
       WHERE f.release_id = $1 ORDER BY f.key`,
      [releaseId, projectId],
    );
    return r.map((f) => ({ key: f.key, format: f.format, media_type: f.media_type, sha256: f.sha256, size: Number(f.size_bytes), record_count: Number(f.record_count) }));
  }

  /** The project's releases holding any version of one label (audit). */
  containing(db: Db, projectId: string, itemId: string, questionId: string) {
    return rows<{ label_version: number; release_id: string; name: string; project_id: string; created_at: Date; location: string }>(
      db,
      `SELECT rl.label_version, r.release_id, r.name, r.project_id, r.created_at, r.location
       FROM export.release_labels rl JOIN export.releases r USING (release_id)
       WHERE rl.item_id = $1 AND rl.question_id = $2 AND r.project_id = $3 ORDER BY r.created_at, r.release_id`,
      [itemId, questionId, projectId],
    );
  }
}
