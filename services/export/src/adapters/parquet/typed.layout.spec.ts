import { sha256Hex } from '@verity/storage';
import { fixedReleaseLines, sampleReleaseLines, variedReleaseLines } from '../../../test/support/release-lines';
import { buildJsonl } from '../../domain/release-row.mapper';
import { parquetFromJsonl, ParquetSchemaElement, readParquet, ROW_GROUPS, TYPED_LAYOUT_ID } from './parquet-file.writer';

// Parquet encoding is CPU-bound: on a loaded 2-core machine a case can take well over jest's 5 s default.
jest.setTimeout(60000);

/** The provenance column as read back (the fields these tests look at). */
interface ProvenanceRead {
  decision_event_id: string;
  agreement: { answer_count: bigint };
  aggregation: { parameters: { key: string; value: string }[] };
  answers: { submitted_at: Date | null; time_spent_ms: bigint; draft_shown: boolean; model: Record<string, unknown> | null }[];
  verdict: unknown;
  weak_labels: unknown[];
}

const typed = (jsonl: Buffer, pageRows = 1000, rawReferences = false) => parquetFromJsonl(jsonl, ROW_GROUPS, pageRows, 'typed', rawReferences);
const byPath = (schema: ParquetSchemaElement[]) => {
  // Flattened schema → "a.b.c" paths (depth first, num_children says how many follow).
  const out = new Map<string, ParquetSchemaElement>();
  let i = 1;
  const walk = (prefix: string, n: number) => {
    for (let k = 0; k < n; k++) {
      const e = schema[i++];
      const path = prefix ? `${prefix}.${e.name}` : e.name;
      out.set(path, e);
      if (e.num_children) walk(path, e.num_children);
    }
  };
  walk('', schema[0].num_children ?? 0);
  return out;
};

describe('typed labels.parquet (new releases)', () => {
  const lines = sampleReleaseLines(40);
  const jsonl = buildJsonl(lines);
  const expected = lines.map((l) => JSON.parse(l.line));

  it('has real types: a UTC timestamp, integers, and nested structs and lists for the protobuf parts', async () => {
    const a = await typed(jsonl);
    const { schema } = await readParquet(a);
    const p = byPath(schema);
    expect(p.get('decided_at')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    expect(p.get('decided_at')?.logical_type).toMatchObject({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' });
    expect(p.get('label_version')).toMatchObject({ type: 'INT32' });
    expect(p.get('confidence')).toMatchObject({ type: 'DOUBLE' });
    expect(p.get('gold')).toMatchObject({ type: 'BOOLEAN' });
    // answer: a struct of the oneof's members; choice.option_ids a LIST of strings.
    expect(p.get('answer')).toMatchObject({ num_children: 5 });
    expect(p.get('answer')?.type).toBeUndefined();
    expect(p.get('answer.choice.option_ids')).toMatchObject({ converted_type: 'LIST' });
    expect(p.get('answer.choice.option_ids.list')).toMatchObject({ repetition_type: 'REPEATED' });
    expect(p.get('answer.choice.option_ids.list.element')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    // soft_label: a list of {key, value} structs (Hugging Face datasets has no map type).
    expect(p.get('soft_label')).toMatchObject({ converted_type: 'LIST' });
    expect(p.get('soft_label.list.element.key')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(p.get('soft_label.list.element.value')).toMatchObject({ type: 'DOUBLE' });
    // content and provenance from the proto descriptors, timestamps typed at any depth.
    expect(p.get('content.payload.size_bytes')).toMatchObject({ type: 'INT64' });
    // A plain release does not even name the unmasked original: no such column.
    expect([...p.keys()].filter((k) => k.includes('original_payload'))).toEqual([]);
    expect(a.includes(Buffer.from('original_payload'))).toBe(false);
    expect(p.get('provenance.answers.list.element.submitted_at')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    expect(p.get('provenance.answers.list.element.time_spent_ms')).toMatchObject({ type: 'INT64' });
    expect(p.get('provenance.aggregation.parameters')).toMatchObject({ converted_type: 'LIST' });
    expect(p.get('provenance.verdict.decided_at')).toMatchObject({ converted_type: 'TIMESTAMP_MICROS' });
    // No JSON string columns left.
    expect([...p.keys()].filter((k) => k.endsWith('_json'))).toEqual([]);
  });

  it('reads back (hyparquet) to the values of the JSONL, typed', async () => {
    const { rows } = await readParquet(await typed(jsonl));
    expect(rows).toHaveLength(expected.length);
    rows.forEach((r, i) => {
      const e = expected[i];
      expect(r).toMatchObject({ item_id: e.item_id, question_id: e.question_id, label: e.label, label_version: e.label_version, status: e.status });
      expect(r.decided_at).toEqual(new Date(e.decided_at));
      expect(r.answer).toEqual({ choice: { option_ids: e.answer.choice.option_ids }, free_text: null, text_spans: null, time_segments: null, boxes: null });
      expect(r.soft_label).toEqual(Object.entries(e.soft_label).map(([key, value]) => ({ key, value })));
      expect(r.content).toBeNull();
      const prov = r.provenance as ProvenanceRead;
      expect(prov.decision_event_id).toBe(e.provenance.decision_event_id);
      expect(prov.agreement.answer_count).toBe(BigInt(e.provenance.agreement.answer_count));
      expect(prov.aggregation.parameters).toEqual(Object.entries(e.provenance.aggregation.parameters).map(([key, value]) => ({ key, value })));
      expect(prov.answers).toHaveLength(e.provenance.answers.length);
      expect(prov.answers[0].submitted_at).toEqual(new Date(e.provenance.answers[0].submitted_at));
      expect(prov.answers[0].time_spent_ms).toBe(BigInt(e.provenance.answers[0].time_spent_ms));
      // protobuf JSON leaves defaults out; the typed columns hold them (0, '', false, the enum's zero name).
      expect(prov.answers[1].draft_shown).toBe(false);
      expect(prov.answers[1].time_spent_ms).toBe(0n);
      expect(prov.answers[1].submitted_at).toBeNull();
      expect(prov.answers[1].model).toMatchObject({ model_id: 'm1', prompt_version: 'p3', backend: 'MODEL_BACKEND_UNSPECIFIED' });
      expect(prov.verdict).toBeNull();
      expect(prov.weak_labels).toEqual([]);
    });
  });

  it('is byte-identical whatever the paging, and records its layout in the file metadata', async () => {
    const a = await typed(jsonl, 1000);
    expect((await typed(jsonl, 3)).equals(a)).toBe(true);
    expect(a.includes(Buffer.from(TYPED_LAYOUT_ID))).toBe(true);
    // Not the JSON layout's bytes.
    expect(sha256Hex(a)).not.toBe(sha256Hex(await parquetFromJsonl(jsonl, ROW_GROUPS, 1000, 'json')));
  });

  it('writes the bytes it wrote before rows were shredded in one walk (every shape of absence, any row groups)', async () => {
    // sha256 of what hyparquet-writer's own shredding (ParquetWriter.write over converted row
    // trees, before decision 84) wrote for these rows: a re-export of an older typed release
    // must reproduce its files byte for byte.
    const varied = buildJsonl(variedReleaseLines(300));
    expect(sha256Hex(await typed(varied, 1000))).toBe('d5bb88908f3ce70a7d36f4f4825f557eaadb1fd90dcf364dcea57d7b35a50e68');
    expect(sha256Hex(await parquetFromJsonl(varied, { maxRows: 64, maxBytes: 40_000 }, 7, 'typed'))).toBe(
      'c0ee854438fdca8ca83b4179b7b8b78ed9c599e722c18e947da5827059497761',
    );
    expect(sha256Hex(await typed(varied, 50, true))).toBe('3d8d252ed9eb962d38d4f12dfe3e6696f0f6f9fa7459c438c2fe283b09d6e833');
  });

  it('types the content of raw releases (payload and original_payload object refs)', async () => {
    const row = JSON.parse(fixedReleaseLines(2)[1].line);
    const ref = (key: string) => ({ bucket: 'b', key, sha256: 'abc', size_bytes: '42', media_type: 'text/plain' });
    row.content = { ...row.content, content_type: 'CONTENT_TYPE_TEXT', payload: ref('masked'), original_payload: ref('raw') };
    const raw = Buffer.from(`${JSON.stringify(row)}\n`);
    const { rows, schema } = await readParquet(await typed(raw, 1000, true));
    expect(byPath(schema).get('content.original_payload.sha256')).toMatchObject({ converted_type: 'UTF8' });
    // A plain release has no column for it, and refuses a row that names one.
    await expect(typed(raw)).rejects.toThrow('content.original_payload is not in the schema');
    expect(rows[0].content).toEqual({
      source: 'fixture',
      source_id: row.content.source_id,
      content_type: 'CONTENT_TYPE_TEXT',
      content_sha256: row.content.content_sha256,
      payload: { ...ref('masked'), size_bytes: 42n },
      original_payload: { ...ref('raw'), size_bytes: 42n },
    });
  });

  it('reads timestamps with any RFC 3339 offset and up to nanoseconds (stored as microseconds)', async () => {
    const row = JSON.parse(fixedReleaseLines(1)[0].line);
    row.provenance.answers[0].submitted_at = '2025-03-01T10:00:00.123456789Z';
    row.decided_at = '2025-03-01T11:00:00.5+01:00';
    const { rows } = await readParquet(await typed(Buffer.from(`${JSON.stringify(row)}\n`)));
    expect(rows[0].decided_at).toEqual(new Date('2025-03-01T10:00:00.500Z'));
    // hyparquet reads TIMESTAMP_MICROS back as a Date (milliseconds).
    expect((rows[0].provenance as ProvenanceRead).answers[0].submitted_at).toEqual(new Date('2025-03-01T10:00:00.123Z'));
  });

  it('refuses a row it cannot type, naming the field', async () => {
    const bad = JSON.parse(fixedReleaseLines(1)[0].line);
    bad.decided_at = 'yesterday';
    await expect(typed(Buffer.from(`${JSON.stringify(bad)}\n`))).rejects.toThrow('decided_at is not an RFC 3339 timestamp: "yesterday"');
    const unknown = JSON.parse(fixedReleaseLines(1)[0].line);
    unknown.provenance.surprise = 1;
    await expect(typed(Buffer.from(`${JSON.stringify(unknown)}\n`))).rejects.toThrow('provenance.surprise is not in the schema');
    const deep = JSON.parse(fixedReleaseLines(1)[0].line);
    deep.provenance.answers.push({ ...deep.provenance.answers[0], submitted_at: 'soon' });
    await expect(typed(Buffer.from(`${JSON.stringify(deep)}\n`))).rejects.toThrow('provenance.answers[1].submitted_at is not an RFC 3339 timestamp: "soon"');
  });
});
