import { sha256Hex } from '@verity/storage';
import { canonicalJson } from '../shared/canonical-json';
import type { NormalizedSelection } from './release-selection';
import { RELEASE_ROW_SCHEMA } from './release-row';

/** Version of the manifest layout; bump on any change. */
export const MANIFEST_SCHEMA_VERSION = 1;

export type ReleaseFormat = 'jsonl' | 'parquet' | 'manifest';

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
  rows: readonly RowSummary[];
  files: readonly ManifestFile[];
}

/** Active labels per (question, class), in code-point order; labels with no class are not counted. */
export function classCounts(rows: readonly RowSummary[]): ClassCountRow[] {
  const m = new Map<string, ClassCountRow>();
  for (const r of rows) {
    if (r.status !== 'active' || r.label === '') continue;
    const k = `${r.questionId}\u0000${r.label}`;
    const c = m.get(k);
    if (c) c.count++;
    else m.set(k, { question_id: r.questionId, label: r.label, count: 1 });
  }
  return [...m.values()].sort((a, b) =>
    a.question_id === b.question_id ? (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) : a.question_id < b.question_id ? -1 : 1,
  );
}

/** sha256 over "item_id\tquestion_id\tlabel_version\n" of every row: which label versions made it. */
export function labelVersionsDigest(rows: readonly RowSummary[]): string {
  const h = sha256Lines(rows.map((r) => `${r.itemId}\t${r.questionId}\t${r.labelVersion}\n`));
  return h;
}

function sha256Lines(lines: string[]): string {
  return sha256Hex(Buffer.from(lines.join(''), 'utf8'));
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
  files: ManifestFile[];
}

/** The manifest and its bytes (canonical JSON + "\n"): equal inputs give equal bytes. */
export function buildManifest(input: ManifestInput): { manifest: Manifest; bytes: Buffer } {
  const ontology = [...new Set(input.rows.map((r) => r.ontologyVersion))].sort((a, b) => a - b);
  let excluded = 0;
  let maxDecided: string | null = null;
  for (const r of input.rows) {
    if (r.status === 'excluded') excluded++;
    if (maxDecided === null || r.decidedAt > maxDecided) maxDecided = r.decidedAt;
  }
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
    label_count: input.rows.length,
    status_counts: { active: input.rows.length - excluded, excluded },
    ontology_versions: ontology,
    class_counts: classCounts(input.rows),
    label_versions: { sha256: labelVersionsDigest(input.rows), count: input.rows.length, max_decided_at: maxDecided },
    files: [...input.files],
  };
  return { manifest, bytes: Buffer.from(`${canonicalJson(manifest)}\n`, 'utf8') };
}
