import { parseCsv } from '@verity/csv';
import { RELEASE_CSV_COLUMNS, releaseCsvHeader, releaseCsvRow } from './release-csv.writer';
import { releaseLine, ReleaseRow } from './release-row.mapper';

const row = (over: Partial<ReleaseRow>): ReleaseRow => ({
  project_id: 'p1',
  item_id: 'item-1',
  question_id: 'q1',
  label_version: 2,
  status: 'active',
  label: 'spam',
  answer: { choice: { option_ids: ['spam'] } },
  soft_label: { spam: 0.75, ham: 0.25 },
  confidence: 0.75,
  ontology_version: 1,
  adjudicated: false,
  gold: true,
  decided_at: '2025-03-01T10:00:00.123Z',
  label_event_id: 'label-evt-1',
  content: { source: 'yt', source_id: 'c-1', content_type: 'CONTENT_TYPE_TEXT', content_sha256: 'ab12' },
  provenance: { answers: [] },
  ...over,
});

const cellsOf = (r: ReleaseRow) => {
  const [header, values] = parseCsv(releaseCsvHeader() + releaseCsvRow(releaseLine(r)));
  return Object.fromEntries(header.map((h, i) => [h, values[i]]));
};

describe('labels.csv rows', () => {
  it('flattens a release row: numbers and flags plain, answer and soft label as canonical JSON', () => {
    expect(releaseCsvHeader()).toBe(`${RELEASE_CSV_COLUMNS.join(',')}\n`);
    expect(releaseCsvRow(releaseLine(row({})))).toBe(
      'p1,item-1,q1,2,active,spam,0.75,1,false,true,2025-03-01T10:00:00.123Z,label-evt-1,yt,c-1,CONTENT_TYPE_TEXT,ab12,' +
        '"{""choice"":{""option_ids"":[""spam""]}}","{""ham"":0.25,""spam"":0.75}"\n',
    );
  });

  it('neutralizes hostile text from producers and annotators: ids, labels, source ids', () => {
    const c = cellsOf(
      row({
        item_id: '=cmd|" /C calc"!A0',
        label: '@SUM(A1:A9)',
        content: { source: '+evil', source_id: '-1+1,\n"x"', content_type: 'CONTENT_TYPE_TEXT', content_sha256: '\tab' },
        answer: { free_text: { text: '=1+1' } },
      }),
    );
    expect(c.item_id).toBe(`'=cmd|" /C calc"!A0`);
    expect(c.label).toBe("'@SUM(A1:A9)");
    expect(c.source).toBe("'+evil");
    expect(c.source_id).toBe(`'-1+1,\n"x"`);
    expect(c.content_sha256).toBe("'\tab");
    expect(c.answer).toBe('{"free_text":{"text":"=1+1"}}'); // a JSON cell starts with "{"
    expect(c.label_version).toBe('2');
  });

  it('writes an excluded row (no answer, no content) with empty cells', () => {
    const c = cellsOf(row({ status: 'excluded', label: '', answer: null, soft_label: {}, content: null }));
    expect([c.status, c.label, c.answer, c.soft_label, c.source]).toEqual(['excluded', '', '', '{}', '']);
  });
});
