import { PassThrough } from 'node:stream';
import { sha256Hex } from '@verity/storage';
import { fixedReleaseLines } from '../../test/support/release-lines';
import { LEGACY_ROW_GROUPS, parquetFromJsonl, ROW_GROUPS } from './parquet/parquet-file.writer';
import { buildManifest } from '../domain/release-manifest.writer';
import { buildJsonl } from '../domain/release-row.mapper';
import { normalizeSelection } from '../domain/release-selection.rule';
import { releaseCsvHeader, releaseCsvRow } from '../domain/release-csv.writer';
import {
  formatsOf,
  LEGACY_FORMATS,
  recordedLayout,
  recordedRowGroups,
  releaseFormats,
  releaseDatasetCard,
  releaseManifest,
  rowGroupsOf,
  writeReleaseData,
} from './release-files.writer';
import type { SelectedRow } from '../db/releases.repository';

const rows: SelectedRow[] = fixedReleaseLines(300).map((l) => {
  const r = JSON.parse(l.line);
  return { itemId: l.itemId, questionId: l.questionId, labelVersion: r.label_version, label: r.label, status: r.status, ontologyVersion: 1, decidedAt: r.decided_at, line: l.line };
});

async function* paged(all: readonly SelectedRow[], size: number): AsyncGenerator<SelectedRow[]> {
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
}

const collect = (s: PassThrough) => {
  const parts: Buffer[] = [];
  s.on('data', (c: Buffer) => parts.push(c));
  return () => Buffer.concat(parts);
};

const meta = {
  releaseId: 'r1',
  name: 'n',
  projectId: 'p-fixed',
  createdAt: '2025-03-01T00:00:00.000Z',
  trigger: 'api' as const,
  requestedBy: 'u1',
  parentReleaseId: null,
  selection: normalizeSelection({ selection: { includeExcluded: true, onlyGold: false }, allowMixedOntologyVersions: false }, new Date('2025-03-02T00:00:00Z')),
  labelSchemaVersion: 2,
};

describe('streaming release writer', () => {
  it('streams the JSONL and Parquet bytes of the whole release, hashed on the way, whatever the paging', async () => {
    const jsonlOut = new PassThrough();
    const parquetOut = new PassThrough();
    const jsonlBytes = collect(jsonlOut);
    const parquetBytes = collect(parquetOut);
    const data = await writeReleaseData('pre/', paged(rows, 7), ROW_GROUPS, { jsonl: jsonlOut, parquet: parquetOut });

    const expectedJsonl = buildJsonl(rows);
    expect(jsonlBytes().equals(expectedJsonl)).toBe(true);
    expect(parquetBytes().equals(await parquetFromJsonl(expectedJsonl, ROW_GROUPS, 1000, 'json'))).toBe(true);
    expect(data.files).toEqual([
      { key: 'pre/labels.jsonl', format: 'jsonl', media_type: 'application/x-ndjson', sha256: sha256Hex(expectedJsonl), size: expectedJsonl.length, record_count: 300 },
      { key: 'pre/labels.parquet', format: 'parquet', media_type: 'application/vnd.apache.parquet', sha256: sha256Hex(parquetBytes()), size: parquetBytes().length, record_count: 300 },
    ]);

    const once = await writeReleaseData('pre/', paged(rows, 300), ROW_GROUPS);
    expect(once.files).toEqual(data.files);
  });

  it('makes the manifest the in-memory builder made from the same rows', async () => {
    const data = await writeReleaseData('pre/', paged(rows, 64), LEGACY_ROW_GROUPS);
    const streamed = releaseManifest('pre/', data, meta);
    const inMemory = buildManifest({ ...meta, rows, files: data.files });
    expect(streamed.bytes.equals(inMemory.bytes)).toBe(true);
    expect(streamed.file).toMatchObject({ key: 'pre/manifest.json', sha256: sha256Hex(inMemory.bytes), size: inMemory.bytes.length });
    expect(streamed.manifest.label_count).toBe(300);
    // Releases written before streaming have no row-group record; their manifests regenerate unchanged.
    expect(streamed.bytes.toString()).not.toContain('parquet_row_groups');
  });

  it('records the row-group limits of new releases, and re-export reads them back', async () => {
    const data = await writeReleaseData('pre/', paged(rows, 50), ROW_GROUPS);
    const { manifest } = releaseManifest('pre/', data, { ...meta, parquetRowGroups: recordedRowGroups(ROW_GROUPS) });
    expect(manifest.parquet_row_groups).toEqual({ max_rows: ROW_GROUPS.maxRows, max_jsonl_bytes: ROW_GROUPS.maxBytes });
    expect(rowGroupsOf(manifest, LEGACY_ROW_GROUPS)).toEqual(ROW_GROUPS);
    expect(rowGroupsOf({}, LEGACY_ROW_GROUPS)).toEqual(LEGACY_ROW_GROUPS);
    expect(recordedRowGroups(LEGACY_ROW_GROUPS)).toBeUndefined();
  });

  it('streams labels.csv beside them when asked, listed in the manifest with its sha256; re-export follows the manifest', async () => {
    const csvOut = new PassThrough();
    const csvBytes = collect(csvOut);
    const data = await writeReleaseData('pre/', paged(rows, 7), ROW_GROUPS, { csv: csvOut }, { ...LEGACY_FORMATS, csv: true });
    const expected = Buffer.from(releaseCsvHeader() + rows.map((r) => releaseCsvRow(r.line)).join(''), 'utf8');
    expect(csvBytes().equals(expected)).toBe(true);
    expect(data.files.map((f) => f.format)).toEqual(['jsonl', 'parquet', 'csv']);
    expect(data.files[2]).toEqual({
      key: 'pre/labels.csv',
      format: 'csv',
      media_type: 'text/csv; charset=utf-8; header=present',
      sha256: sha256Hex(expected),
      size: expected.length,
      record_count: 300,
    });
    const { manifest } = releaseManifest('pre/', data, meta);
    expect(manifest.files.find((f) => f.format === 'csv')).toEqual(data.files[2]);
    // Hashed the same without a target (re-export), and only for releases whose manifest lists it.
    expect((await writeReleaseData('pre/', paged(rows, 300), ROW_GROUPS, {}, formatsOf(manifest))).files).toEqual(data.files);
    const before = await writeReleaseData('pre/', paged(rows, 300), ROW_GROUPS, {}, formatsOf({ files: data.files.slice(0, 2) }));
    expect(before.files).toEqual(data.files.slice(0, 2));
  }, 30000);

  it('new releases: typed Parquet, its Hugging Face copy (same bytes) and the card, all in the manifest; re-export follows it', async () => {
    const parquetOut = new PassThrough();
    const hfOut = new PassThrough();
    const parquetBytes = collect(parquetOut);
    const hfBytes = collect(hfOut);
    const data = await writeReleaseData('pre/', paged(rows, 7), ROW_GROUPS, { parquet: parquetOut, hfParquet: hfOut }, releaseFormats(false));
    expect(parquetBytes().equals(await parquetFromJsonl(buildJsonl(rows), ROW_GROUPS, 1000, 'typed'))).toBe(true);
    expect(hfBytes().equals(parquetBytes())).toBe(true);
    expect(data.files.map((f) => [f.key, f.format])).toEqual([
      ['pre/labels.jsonl', 'jsonl'],
      ['pre/labels.parquet', 'parquet'],
      ['pre/labels.csv', 'csv'],
      ['pre/data/train-00000-of-00001.parquet', 'parquet'],
    ]);
    expect(data.files[3]).toMatchObject({ sha256: sha256Hex(hfBytes()), size: hfBytes().length, record_count: 300 });
    const card = releaseDatasetCard('pre/', data, meta, releaseFormats(false));
    const files = [...data.files, card.file];
    const { manifest } = releaseManifest('pre/', { ...data, files }, { ...meta, parquetLayout: recordedLayout('typed') });
    expect(manifest.parquet_layout).toBe('verity.export.parquet-typed/1');
    expect(manifest.files).toEqual(files);
    expect(formatsOf(manifest)).toEqual(releaseFormats(false));
    // Re-export (no targets) makes the same files, with the same sha256.
    const again = await writeReleaseData('pre/', paged(rows, 300), ROW_GROUPS, {}, formatsOf(manifest));
    expect([...again.files, releaseDatasetCard('pre/', again, meta, releaseFormats(false)).file]).toEqual(files);
  }, 60000);

  it('old releases (no parquet_layout in the manifest) re-export in the JSON layout, byte-identical', async () => {
    const old = await writeReleaseData('pre/', paged(rows, 50), LEGACY_ROW_GROUPS, {}, LEGACY_FORMATS);
    const { manifest, bytes } = releaseManifest('pre/', old, meta);
    expect(manifest.parquet_layout).toBeUndefined();
    expect(bytes.toString()).not.toContain('parquet_layout'); // older manifests regenerate unchanged
    expect(recordedLayout('json')).toBeUndefined();
    expect(formatsOf(manifest)).toEqual(LEGACY_FORMATS);
    const again = await writeReleaseData('pre/', paged(rows, 300), LEGACY_ROW_GROUPS, {}, formatsOf(manifest));
    expect(again.files).toEqual(old.files);
    expect(old.files[1].sha256).toBe(sha256Hex(await parquetFromJsonl(buildJsonl(rows), LEGACY_ROW_GROUPS, 1000, 'json')));
    expect(() => formatsOf({ files: [], parquet_layout: 'verity.export.parquet-typed/9' })).toThrow(
      'manifest parquet_layout "verity.export.parquet-typed/9" is not one this service writes',
    );
  }, 60000);

  it('refuses rows out of release order or repeated, naming the row', async () => {
    const swapped = [rows[0], rows[2], rows[1], ...rows.slice(3)];
    await expect(writeReleaseData('pre/', paged(swapped, 2), ROW_GROUPS)).rejects.toThrow(
      `release rows out of order or repeated at item ${rows[1].itemId} question ${rows[1].questionId}`,
    );
    await expect(writeReleaseData('pre/', paged([rows[0], rows[0]], 5), ROW_GROUPS)).rejects.toThrow(/out of order or repeated/);
  });

  it('an empty release: 0-byte JSONL, a valid Parquet file', async () => {
    const data = await writeReleaseData('pre/', paged([], 10), ROW_GROUPS);
    expect(data.files[0]).toMatchObject({ size: 0, sha256: sha256Hex(Buffer.alloc(0)), record_count: 0 });
    expect(data.files[1].sha256).toBe(sha256Hex(await parquetFromJsonl(Buffer.alloc(0), ROW_GROUPS, 1000, 'json')));
    const withCsv = await writeReleaseData('pre/', paged([], 10), ROW_GROUPS, {}, { ...LEGACY_FORMATS, csv: true });
    expect(withCsv.files[2]).toMatchObject({ size: Buffer.byteLength(releaseCsvHeader()), record_count: 0 });
  });
});
