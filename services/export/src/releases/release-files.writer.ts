import type { Writable } from 'node:stream';
import { objectKey, sha256Hex } from '@verity/storage';
import { compareRowKeys } from './release-row';
import { Manifest, ManifestFile, ManifestInput, ManifestTally, manifestFromTally, ParquetRowGroups } from './release-manifest';
import { ParquetStreamWriter, RowGroupLimits } from './parquet/parquet-file';
import { HashingFileSink } from './release-file-sink';
import { releaseCsvHeader, releaseCsvRow } from './release-csv';
import type { SelectedRow } from './releases.repository';

export const MEDIA_TYPES = {
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8; header=present',
  manifest: 'application/json',
} as const;

/** `<prefix>/<projectId>/<releaseId>/`; a project or release id that is not one plain key segment throws INVALID_KEY. */
export const releasePrefix = (root: string, projectId: string, releaseId: string) => `${objectKey(root, projectId, releaseId)}/`;

export const dataFileKeys = (prefix: string) => ({
  jsonl: `${prefix}labels.jsonl`,
  parquet: `${prefix}labels.parquet`,
  csv: `${prefix}labels.csv`,
});

/** Where the data files go: streams (S3 uploads), or nowhere (only hashed, for re-export). */
export interface DataTargets {
  jsonl?: Writable;
  parquet?: Writable;
  csv?: Writable;
}

/** Which optional files a release has: labels.csv since issue #16 (re-export follows the manifest). */
export interface DataFormats {
  csv: boolean;
}

export interface WrittenData {
  /** labels.jsonl, labels.parquet (and labels.csv), with the sha256 and size of the bytes written. */
  files: ManifestFile[];
  /** What the manifest says about the rows. */
  tally: ManifestTally;
}

/**
 * Writes labels.jsonl and labels.parquet (and labels.csv when asked) from pages of rows in release
 * order, one page in memory at a time: each page's stored lines go to the JSONL target (and, as
 * CSV rows, to the CSV target), to the Parquet worker
 * (which hands back each row group once it is complete) and into the manifest tally, hashed on
 * the way. The next page is fetched while one is written. Same rows + same limits → the same
 * bytes, however the rows were paged.
 */
export async function writeReleaseData(
  prefix: string,
  pages: AsyncIterable<readonly SelectedRow[]>,
  limits: RowGroupLimits,
  targets: DataTargets = {},
  formats: DataFormats = { csv: false },
): Promise<WrittenData> {
  const jsonl = new HashingFileSink(targets.jsonl);
  const parquet = new HashingFileSink(targets.parquet);
  const csv = formats.csv ? new HashingFileSink(targets.csv) : undefined;
  const tally = new ManifestTally();
  const { writer, header } = await ParquetStreamWriter.open(limits);
  const it = pages[Symbol.asyncIterator]();
  let next = it.next();
  next.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  let previous: SelectedRow | undefined;
  try {
    for (const c of header) await parquet.write(c);
    await csv?.write(Buffer.from(releaseCsvHeader(), 'utf8'));
    for (let page = await next; !page.done; page = await next) {
      next = it.next();
      next.catch(() => undefined);
      const rows = page.value;
      for (const r of rows) {
        if (previous && compareRowKeys(previous, r) >= 0) {
          throw new Error(`release rows out of order or repeated at item ${r.itemId} question ${r.questionId}`);
        }
        tally.add(r);
        previous = r;
      }
      const lines = rows.map((r) => r.line);
      const groups = writer.append(lines); // encoded in the worker while the JSONL goes out
      groups.catch(() => undefined); // awaited below
      await jsonl.write(Buffer.from(lines.length ? `${lines.join('\n')}\n` : '', 'utf8'));
      await csv?.write(Buffer.from(lines.map(releaseCsvRow).join(''), 'utf8'));
      for (const c of await groups) await parquet.write(c);
    }
    for (const c of await writer.finish()) await parquet.write(c);
  } catch (err) {
    await writer.close();
    await it.return?.(undefined).catch(() => undefined);
    throw err;
  }
  const keys = dataFileKeys(prefix);
  const file = (key: string, format: 'jsonl' | 'parquet' | 'csv', written: { sha256: string; size: number }): ManifestFile => ({
    key,
    format,
    media_type: MEDIA_TYPES[format],
    sha256: written.sha256,
    size: written.size,
    record_count: tally.count,
  });
  const files = [file(keys.jsonl, 'jsonl', jsonl.end()), file(keys.parquet, 'parquet', parquet.end())];
  if (csv) files.push(file(keys.csv, 'csv', csv.end()));
  return { files, tally };
}

export interface ManifestOut {
  manifest: Manifest;
  file: ManifestFile;
  bytes: Buffer;
}

/** The manifest of written data files (canonical JSON + "\n"). */
export function releaseManifest(prefix: string, data: WrittenData, meta: Omit<ManifestInput, 'rows' | 'files'>): ManifestOut {
  const { manifest, bytes } = manifestFromTally(data.tally, { ...meta, files: data.files });
  const file: ManifestFile = {
    key: `${prefix}manifest.json`,
    format: 'manifest',
    media_type: MEDIA_TYPES.manifest,
    sha256: sha256Hex(bytes),
    size: bytes.length,
    record_count: 0,
  };
  return { manifest, file, bytes };
}

/** The manifest's record of row-group limits; none for the legacy limits (older manifests have none). */
export function recordedRowGroups(limits: RowGroupLimits): ParquetRowGroups | undefined {
  return Number.isFinite(limits.maxBytes) ? { max_rows: limits.maxRows, max_jsonl_bytes: limits.maxBytes } : undefined;
}

/** The limits a release was written with, from its manifest. */
/** The optional files a recorded release has (re-export makes exactly those). */
export function formatsOf(manifest: Pick<Manifest, 'files'>): DataFormats {
  return { csv: manifest.files.some((f) => f.format === 'csv') };
}

export function rowGroupsOf(manifest: Pick<Manifest, 'parquet_row_groups'>, legacy: RowGroupLimits): RowGroupLimits {
  const g = manifest.parquet_row_groups;
  return g ? { maxRows: g.max_rows, maxBytes: g.max_jsonl_bytes } : legacy;
}
