import { buildJsonl } from '../../domain/release-row.mapper';
import { fixedReleaseLines, sampleReleaseLines } from '../../../test/support/release-lines';
import { sha256Hex } from '@verity/storage';
import { LEGACY_ROW_GROUPS, parquetFromJsonl, readParquet, readParquetRows, ROW_GROUPS } from './parquet-file.writer';

// Parquet encoding is CPU-bound: on a loaded 2-core machine a case can take well over jest's 5 s default.
jest.setTimeout(60000);

describe('labels.parquet', () => {
  const lines = sampleReleaseLines(250);
  const jsonl = buildJsonl(lines);

  it('is byte-identical when written twice from the same rows', async () => {
    const a = await parquetFromJsonl(jsonl);
    const b = await parquetFromJsonl(Buffer.from(jsonl));
    expect(a.subarray(0, 4).toString()).toBe('PAR1');
    expect(a.equals(b)).toBe(true);
  });

  it('JSON layout (releases before issue #16): reads back (hyparquet) to the same rows as the JSONL', async () => {
    const rows = await readParquetRows(await parquetFromJsonl(jsonl, ROW_GROUPS, 1000, 'json'));
    const expected = jsonl
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(expected.length);
    rows.forEach((r, i) => {
      const e = expected[i];
      expect(r).toMatchObject({
        item_id: e.item_id,
        question_id: e.question_id,
        label_version: e.label_version,
        label: e.label,
        status: e.status,
        confidence: e.confidence,
        ontology_version: e.ontology_version,
        adjudicated: e.adjudicated,
        gold: e.gold,
        decided_at: e.decided_at,
        label_event_id: e.label_event_id,
        content_sha256: null,
      });
      expect(JSON.parse(r.provenance_json as string)).toEqual(e.provenance);
      expect(JSON.parse(r.soft_label_json as string)).toEqual(e.soft_label);
      expect(JSON.parse(r.answer_json as string)).toEqual(e.answer);
      expect(r.content_json).toBeNull();
    });
  });

  it('an empty release is a valid Parquet file', async () => {
    const rows = await readParquetRows(await parquetFromJsonl(Buffer.alloc(0)));
    expect(rows).toEqual([]);
  });

  describe('streaming', () => {
    const fixed = buildJsonl(fixedReleaseLines(250));
    // sha256 of what the in-memory writer (hyparquet-writer parquetWriteBuffer, one call, the
    // same columns and options) produced from these lines before releases streamed: the
    // streaming writer must keep the bytes of every release written before it.
    const BEFORE_STREAMING = {
      empty: '7d9a446a0c422949ecb4f4984579d5727116d56e25f3bd82f836dd2d0ae12129',
      oneGroup: 'e4c046ab1ee5a383a01e7dfcccb94cff46e6eed72017bbe5cb99a42cfc0d48c4',
      groupsOf7: 'd932e1ebd24e3f222256b74ef50d8d2078b7a0a583b7a00f0d86e56eaef18b7e',
      groupsOf64: '192a17695cea1458fa70f051c3654e0a1361393668eb9ce18f30a824b403414d',
    };
    const unbounded = (maxRows: number) => ({ maxRows, maxBytes: Number.POSITIVE_INFINITY });

    it('JSON layout: gives the bytes the in-memory writer gave, whatever the paging', async () => {
      expect(sha256Hex(await parquetFromJsonl(Buffer.alloc(0), LEGACY_ROW_GROUPS, 1000, 'json'))).toBe(BEFORE_STREAMING.empty);
      expect(sha256Hex(await parquetFromJsonl(fixed, LEGACY_ROW_GROUPS, 1000, 'json'))).toBe(BEFORE_STREAMING.oneGroup);
      expect(sha256Hex(await parquetFromJsonl(fixed, LEGACY_ROW_GROUPS, 3, 'json'))).toBe(BEFORE_STREAMING.oneGroup);
      expect(sha256Hex(await parquetFromJsonl(fixed, unbounded(7), 5, 'json'))).toBe(BEFORE_STREAMING.groupsOf7);
      expect(sha256Hex(await parquetFromJsonl(fixed, unbounded(7), 1, 'json'))).toBe(BEFORE_STREAMING.groupsOf7);
      expect(sha256Hex(await parquetFromJsonl(fixed, unbounded(64), 100, 'json'))).toBe(BEFORE_STREAMING.groupsOf64);
    });

    it('closes a row group at the byte bound, and reads back to every row', async () => {
      const lines = fixed.toString('utf8').trim().split('\n');
      const perLine = Math.max(...lines.map((l) => Buffer.byteLength(l) + 1));
      // Room for at most 10 of the longest lines: groups of 9–10 rows, never 100,000.
      const bytes = await parquetFromJsonl(fixed, { maxRows: 100_000, maxBytes: perLine * 10 }, 17);
      const { rows, rowGroups } = await readParquet(bytes);
      expect(rows.map((r) => r.label_event_id)).toEqual(lines.map((l) => JSON.parse(l).label_event_id));
      expect(rowGroups.reduce((a, b) => a + b, 0)).toBe(250);
      // Each group but the last closed on the row that took it to the bound, not before, not after.
      let start = 0;
      for (const [g, n] of rowGroups.entries()) {
        const sizes = lines.slice(start, start + n).map((l) => Buffer.byteLength(l) + 1);
        const total = sizes.reduce((a, b) => a + b, 0);
        if (g < rowGroups.length - 1) {
          expect(total).toBeGreaterThanOrEqual(perLine * 10);
          expect(total - sizes[sizes.length - 1]).toBeLessThan(perLine * 10);
        }
        start += n;
      }
      expect(rowGroups.length).toBeGreaterThanOrEqual(20);
      expect((await parquetFromJsonl(fixed, { maxRows: 100_000, maxBytes: perLine * 10 }, 250)).equals(bytes)).toBe(true);
    });

    it('new releases bound row groups by bytes as well as rows', () => {
      expect(ROW_GROUPS.maxRows).toBe(LEGACY_ROW_GROUPS.maxRows);
      expect(Number.isFinite(ROW_GROUPS.maxBytes)).toBe(true);
    });
  });
});
