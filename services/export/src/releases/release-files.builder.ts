import { sha256Hex } from '@verity/storage';
import { buildJsonl, compareRowKeys } from './release-row';
import { buildManifest, Manifest, ManifestFile, ManifestInput } from './release-manifest';
import { parquetFromJsonl } from './parquet/parquet-file';
import type { SelectedRow } from './releases.repository';

export const MEDIA_TYPES = {
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
  manifest: 'application/json',
} as const;

export interface BuiltFile extends ManifestFile {
  bytes: Buffer;
}

export interface BuiltRelease {
  /** The rows in release order. */
  rows: SelectedRow[];
  data: BuiltFile[];
  manifest: Manifest;
  manifestFile: BuiltFile;
}

/** `<prefix>/<projectId>/<releaseId>/` */
export const releasePrefix = (root: string, projectId: string, releaseId: string) => `${root}/${projectId}/${releaseId}/`;

/**
 * The bytes of a release from its rows (in release order) and its recorded facts. Pure apart
 * from the Parquet worker: the same inputs give byte-identical files, which is what re-export
 * checks.
 */
export async function buildReleaseFiles(
  prefix: string,
  rows: readonly SelectedRow[],
  meta: Omit<ManifestInput, 'rows' | 'files'>,
): Promise<BuiltRelease> {
  const sorted = [...rows].sort(compareRowKeys);
  const jsonl = buildJsonl(sorted);
  const parquet = await parquetFromJsonl(jsonl);
  const file = (name: string, format: 'jsonl' | 'parquet', bytes: Buffer): BuiltFile => ({
    key: `${prefix}${name}`,
    format,
    media_type: MEDIA_TYPES[format],
    sha256: sha256Hex(bytes),
    size: bytes.length,
    record_count: rows.length,
    bytes,
  });
  const data = [file('labels.jsonl', 'jsonl', jsonl), file('labels.parquet', 'parquet', parquet)];
  const { manifest, bytes } = buildManifest({
    ...meta,
    rows: sorted,
    files: data.map(({ bytes: _bytes, ...f }) => f),
  });
  const manifestFile: BuiltFile = {
    key: `${prefix}manifest.json`,
    format: 'manifest',
    media_type: MEDIA_TYPES.manifest,
    sha256: sha256Hex(bytes),
    size: bytes.length,
    record_count: 0,
    bytes,
  };
  return { rows: sorted, data, manifest, manifestFile };
}
