import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.encoder';
import type { NormalizedSelection } from './release-selection.rule';
import { RELEASE_ROW_SCHEMA } from './release-row.mapper';

/** Version of the manifest layout; bump on any change. */
export const MANIFEST_SCHEMA_VERSION = 1;

export type ReleaseFormat = 'jsonl' | 'parquet' | 'csv' | 'manifest' | 'dataset_card';

export interface ManifestFile {
  key: string;
  format: ReleaseFormat;
  media_type: string;
  sha256: string;
  size: number;
  record_count: number;
}

/** What the manifest needs to know of each row (in release order). */
export interface RowSummary {
  itemId: string;
  questionId: string;
  labelVersion: number;
  label: string;
  status: 'active' | 'excluded';
  ontologyVersion: number;
  decidedAt: string;
}

export interface ClassCountRow {
  question_id: string;
  label: string;
  count: number;
}

export interface ManifestInput {
  releaseId: string;
  name: string;
  projectId: string;
  createdAt: string;
  trigger: 'api' | 'schedule';
  requestedBy: string;
  parentReleaseId: string | null;
  selection: NormalizedSelection;
  labelSchemaVersion: number;
  /** Row-group limits of labels.parquet; absent for releases written before they were recorded. */
  parquetRowGroups?: ParquetRowGroups;
  /** Layout of labels.parquet (TYPED_LAYOUT_ID); absent for the JSON layout of releases before issue #16. */
  parquetLayout?: string;
  rows: readonly RowSummary[];
  files: readonly ManifestFile[];
}

/** The manifest's record of the Parquet row-group limits (re-export writes with the same). */
export interface ParquetRowGroups {
  max_rows: number;
  max_jsonl_bytes: number;
}

/**
 * What the manifest says about the rows, gathered one row at a time in release order, so a
 * release of any size is summarized in constant memory (one counter per class).
 */
export class ManifestTally {
  count = 0;
  excluded = 0;
  maxDecidedAt: string | null = null;
  private readonly ontology = new Set<number>();
  private readonly classes = new Map<string, ClassCountRow>();
  private readonly versions = createHash('sha256');

  add(r: RowSummary): void {
    this.count++;
    if (r.status === 'excluded') this.excluded++;
    if (this.maxDecidedAt === null || r.decidedAt > this.maxDecidedAt) this.maxDecidedAt = r.decidedAt;
    this.ontology.add(r.ontologyVersion);
    this.versions.update(`${r.itemId}\t${r.questionId}\t${r.labelVersion}\n`, 'utf8');
    if (r.status !== 'active' || r.label === '') return;
    const k = `${r.questionId}\u0000${r.label}`;
    const c = this.classes.get(k);
    if (c) c.count++;
    else this.classes.set(k, { question_id: r.questionId, label: r.label, count: 1 });
  }

  ontologyVersions(): number[] {
    return [...this.ontology].sort((a, b) => a - b);
  }

  /** Active labels per (question, class), sorted; labels with no class are not counted. */
  classCounts(): ClassCountRow[] {
    return [...this.classes.values()].sort((a, b) =>
      a.question_id === b.question_id ? (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) : a.question_id < b.question_id ? -1 : 1,
    );
  }

  /** sha256 over "item_id\tquestion_id\tlabel_version\n" of every row: which label versions made it. Call once. */
  labelVersionsSha256(): string {
    return this.versions.digest('hex');
  }
}

const tallyOf = (rows: readonly RowSummary[]) => {
  const t = new ManifestTally();
  for (const r of rows) t.add(r);
  return t;
};

/** Active labels per (question, class), in code-point order; labels with no class are not counted. */
export function classCounts(rows: readonly RowSummary[]): ClassCountRow[] {
  return tallyOf(rows).classCounts();
}

/** sha256 over "item_id\tquestion_id\tlabel_version\n" of every row: which label versions made it. */
export function labelVersionsDigest(rows: readonly RowSummary[]): string {
  return tallyOf(rows).labelVersionsSha256();
}

export interface Manifest {
  schema_version: number;
  row_schema: string;
  label_schema_version: number;
  release_id: string;
  name: string;
  project_id: string;
  created_at: string;
  trigger: string;
  requested_by: string;
  parent_release_id: string | null;
  selection: NormalizedSelection;
  label_count: number;
  status_counts: { active: number; excluded: number };
  ontology_versions: number[];
  class_counts: ClassCountRow[];
  label_versions: { sha256: string; count: number; max_decided_at: string | null };
  /** Absent in releases written before streaming (100,000 rows per group, no byte bound). */
  parquet_row_groups?: ParquetRowGroups;
  /** Absent in releases written before issue #16: flat columns plus `*_json` strings. */
  parquet_layout?: string;
  files: ManifestFile[];
}

/** The manifest and its bytes (canonical JSON + "\n"): equal inputs give equal bytes. */
export function buildManifest(input: ManifestInput): { manifest: Manifest; bytes: Buffer } {
  const { rows, ...meta } = input;
  return manifestFromTally(tallyOf(rows), meta);
}

/** The manifest of rows already tallied (the streaming release writer). */
export function manifestFromTally(t: ManifestTally, input: Omit<ManifestInput, 'rows'>): { manifest: Manifest; bytes: Buffer } {
  const manifest: Manifest = {
    schema_version: MANIFEST_SCHEMA_VERSION,
    row_schema: RELEASE_ROW_SCHEMA,
    label_schema_version: input.labelSchemaVersion,
    release_id: input.releaseId,
    name: input.name,
    project_id: input.projectId,
    created_at: input.createdAt,
    trigger: input.trigger,
    requested_by: input.requestedBy,
    parent_release_id: input.parentReleaseId,
    selection: input.selection,
    label_count: t.count,
    status_counts: { active: t.count - t.excluded, excluded: t.excluded },
    ontology_versions: t.ontologyVersions(),
    class_counts: t.classCounts(),
    label_versions: { sha256: t.labelVersionsSha256(), count: t.count, max_decided_at: t.maxDecidedAt },
    parquet_row_groups: input.parquetRowGroups,
    parquet_layout: input.parquetLayout,
    files: [...input.files],
  };
  return { manifest, bytes: Buffer.from(`${canonicalJson(manifest)}\n`, 'utf8') };
}
