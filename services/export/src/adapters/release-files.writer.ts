import type { Writable } from 'node:stream';
import { objectKey, sha256Hex } from '@verity/storage';
import { compareRowKeys } from '../domain/release-row.mapper';
import { Manifest, ManifestFile, ManifestInput, ManifestTally, manifestFromTally, ParquetRowGroups } from '../domain/release-manifest.writer';
import { ParquetLayout, ParquetStreamWriter, RowGroupLimits, TYPED_LAYOUT_ID } from './parquet/parquet-file.writer';
import { typedColumns } from './parquet/typed-columns.mapper';
import { DATASET_CARD_FILE, datasetCard, HF_DATA_FILE } from '../domain/release-dataset-card.writer';
import { HashingFileSink } from './release-file.sink';
import { releaseCsvHeader, releaseCsvRow } from '../domain/release-csv.writer';
import type { SelectedRow } from '../db/releases.repository';

export const MEDIA_TYPES = {
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8; header=present',
  manifest: 'application/json',
  dataset_card: 'text/markdown; charset=utf-8',
} as const;

/** `<prefix>/<projectId>/<releaseId>/`; a project or release id that is not one plain key segment throws INVALID_KEY. */
export const releasePrefix = (root: string, projectId: string, releaseId: string) => `${objectKey(root, projectId, releaseId)}/`;

export const dataFileKeys = (prefix: string) => ({
  jsonl: `${prefix}labels.jsonl`,
  parquet: `${prefix}labels.parquet`,
  csv: `${prefix}labels.csv`,
  hfParquet: `${prefix}${HF_DATA_FILE}`,
  card: `${prefix}${DATASET_CARD_FILE}`,
});

/** Where the data files go: streams (S3 uploads), or nowhere (only hashed, for re-export). */
export interface DataTargets {
  jsonl?: Writable;
  parquet?: Writable;
  csv?: Writable;
  /** data/train-00000-of-00001.parquet (the Hugging Face layout): the same bytes as labels.parquet. */
  hfParquet?: Writable;
}

/**
 * How a release's files are made, as its manifest records it (re-export follows the manifest):
 * labels.csv, and the typed Parquet layout with the Hugging Face layout (data/ + README.md),
 * since issue #16.
 */
export interface DataFormats {
  csv: boolean;
  parquet: ParquetLayout;
  huggingFace: boolean;
  /**
   * The release names unmasked originals (selection include_raw): only then does the typed
   * Parquet schema (and the dataset card) have a content.original_payload column; a plain
   * release does not even name it.
   */
  rawReferences: boolean;
}

/** Releases written before issue #16. */
export const LEGACY_FORMATS: DataFormats = { csv: false, parquet: 'json', huggingFace: false, rawReferences: false };

/** New releases; `includeRaw` is the selection's include_raw. */
export const releaseFormats = (includeRaw: boolean): DataFormats => ({ csv: true, parquet: 'typed', huggingFace: true, rawReferences: includeRaw });

export interface WrittenData {
  /** labels.jsonl, labels.parquet (and labels.csv, data/…parquet), with the sha256 and size of the bytes written. */
  files: ManifestFile[];
  /** What the manifest says about the rows. */
  tally: ManifestTally;
}

/**
 * Writes labels.jsonl and labels.parquet (and labels.csv and the Hugging Face copy of the Parquet
 * when asked) from pages of rows in release order, one page in memory at a time: each page's stored lines go to the JSONL target (and, as
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
  formats: DataFormats = LEGACY_FORMATS,
): Promise<WrittenData> {
  const jsonl = new HashingFileSink(targets.jsonl);
  const parquet = new HashingFileSink(targets.parquet);
  const csv = formats.csv ? new HashingFileSink(targets.csv) : undefined;
  const hf = formats.huggingFace ? new HashingFileSink(targets.hfParquet) : undefined;
  const writeParquet = async (c: Buffer) => {
    await parquet.write(c);
    await hf?.write(c);
  };
  const tally = new ManifestTally();
  const { writer, header } = await ParquetStreamWriter.open(limits, formats.parquet, formats.rawReferences);
  const it = pages[Symbol.asyncIterator]();
  let next = it.next();
  next.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  let previous: SelectedRow | undefined;
  try {
    for (const c of header) await writeParquet(c);
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
      for (const c of await groups) await writeParquet(c);
    }
    for (const c of await writer.finish()) await writeParquet(c);
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
  if (hf) files.push(file(keys.hfParquet, 'parquet', hf.end()));
  return { files, tally };
}

/** What the dataset card needs besides the data: the release's identity. */
export type CardMeta = Pick<ManifestInput, 'releaseId' | 'name' | 'projectId' | 'createdAt'>;

/** README.md of the Hugging Face layout, from the written data (call once the data files are written). */
export function releaseDatasetCard(prefix: string, data: WrittenData, meta: CardMeta, formats: Pick<DataFormats, 'rawReferences'>): { file: ManifestFile; bytes: Buffer } {
  const parquet = data.files.find((f) => f.format === 'parquet');
  if (!parquet) throw new Error('dataset card: the release has no Parquet file');
  const bytes = datasetCard({
    ...meta,
    labelCount: data.tally.count,
    classCounts: data.tally.classCounts(),
    parquetBytes: parquet.size,
    columns: typedColumns(formats.rawReferences),
  });
  const file: ManifestFile = {
    key: dataFileKeys(prefix).card,
    format: 'dataset_card',
    media_type: MEDIA_TYPES.dataset_card,
    sha256: sha256Hex(bytes),
    size: bytes.length,
    record_count: 0,
  };
  return { file, bytes };
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

/** The manifest's record of the Parquet layout; none for the JSON layout (older manifests have none). */
export function recordedLayout(layout: ParquetLayout): string | undefined {
  return layout === 'typed' ? TYPED_LAYOUT_ID : undefined;
}

/** How a recorded release's files were made (re-export makes exactly those, the same way). */
export function formatsOf(manifest: Pick<Manifest, 'files' | 'parquet_layout'> & { selection?: Pick<Manifest['selection'], 'include_raw'> }): DataFormats {
  const layout = manifest.parquet_layout;
  if (layout !== undefined && layout !== TYPED_LAYOUT_ID) throw new Error(`manifest parquet_layout ${JSON.stringify(layout)} is not one this service writes`);
  return {
    csv: manifest.files.some((f) => f.format === 'csv'),
    parquet: layout === TYPED_LAYOUT_ID ? 'typed' : 'json',
    huggingFace: manifest.files.some((f) => f.format === 'dataset_card'),
    rawReferences: manifest.selection?.include_raw === true,
  };
}

/** The limits a release was written with, from its manifest. */
export function rowGroupsOf(manifest: Pick<Manifest, 'parquet_row_groups'>, legacy: RowGroupLimits): RowGroupLimits {
  const g = manifest.parquet_row_groups;
  return g ? { maxRows: g.max_rows, maxBytes: g.max_jsonl_bytes } : legacy;
}
