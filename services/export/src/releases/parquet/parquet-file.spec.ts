import { labelEventFrom } from '../../labels/label-event.factory';
import { buildJsonl, releaseLine, releaseRowOf } from '../release-row';
import { sampleDecision } from '../../../test/support/decisions';
import { parquetFromJsonl, readParquetRows } from './parquet-file';

describe('labels.parquet', () => {
  const lines = Array.from({ length: 250 }, (_, i) => {
    const e = labelEventFrom(sampleDecision(`item-${String(i).padStart(4, '0')}`, `q${i % 3}`, i % 2 ? 'ok' : 'toxic'), {
      labelVersion: 1 + (i % 4),
      recordedAt: new Date('2025-03-01T10:00:01Z'),
    });
    return { itemId: e.itemId, questionId: e.questionId, line: releaseLine(releaseRowOf(e)) };
  });
  const jsonl = buildJsonl(lines);

  it('is byte-identical when written twice from the same rows', async () => {
    const a = await parquetFromJsonl(jsonl);
    const b = await parquetFromJsonl(Buffer.from(jsonl));
    expect(a.subarray(0, 4).toString()).toBe('PAR1');
    expect(a.equals(b)).toBe(true);
  });

  it('reads back (hyparquet) to the same rows as the JSONL', async () => {
    const rows = await readParquetRows(await parquetFromJsonl(jsonl));
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
});
