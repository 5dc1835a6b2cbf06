import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { fixedReleaseLines } from '../../test/support/release-lines';
import { ParquetSchemaElement, readParquet, ROW_GROUPS } from '../adapters/parquet/parquet-file.writer';
import { HF_DATA_FILE } from './release-dataset-card.writer';
import { releaseFormats, releaseDatasetCard, writeReleaseData } from '../adapters/release-files.writer';
import type { SelectedRow } from '../db/releases.repository';

jest.setTimeout(60000);

const rows: SelectedRow[] = fixedReleaseLines(60).map((l) => {
  const r = JSON.parse(l.line);
  return { itemId: l.itemId, questionId: l.questionId, labelVersion: r.label_version, label: r.label, status: r.status, ontologyVersion: 1, decidedAt: r.decided_at, line: l.line };
});
async function* one(all: readonly SelectedRow[]): AsyncGenerator<SelectedRow[]> {
  yield [...all];
}
const meta = { releaseId: 'r1', name: 'toxicity-2025-03', projectId: 'p-fixed', createdAt: '2025-03-02T00:00:00.000Z' };

/**
 * What `datasets` makes of a Parquet schema (as pyarrow reads it), written independently of the
 * card code: UTF8 → string, INT64 TIMESTAMP_MICROS → timestamp[us, tz=UTC], a LIST group → list,
 * another group → struct.
 */
function featuresFromParquet(schema: ParquetSchemaElement[]): unknown[] {
  let i = 1;
  const node = (): { name: string; t: unknown } => {
    const e = schema[i++];
    if (!e.num_children) {
      const dtype =
        e.converted_type === 'TIMESTAMP_MICROS'
          ? 'timestamp[us, tz=UTC]'
          : e.type === 'BYTE_ARRAY'
            ? e.converted_type === 'UTF8' || e.converted_type === 'JSON'
              ? 'string'
              : 'binary'
            : ({ INT32: 'int32', INT64: 'int64', DOUBLE: 'float64', BOOLEAN: 'bool' } as Record<string, string>)[e.type ?? ''];
      return { name: e.name, t: dtype };
    }
    if (e.converted_type === 'LIST') {
      i++; // the repeated "list" group
      return { name: e.name, t: { list: node().t } };
    }
    const fields = Array.from({ length: e.num_children }, () => entry(node()));
    return { name: e.name, t: fields };
  };
  const entry = ({ name, t }: { name: string; t: unknown }) =>
    typeof t === 'string' ? { name, dtype: t } : Array.isArray(t) ? { name, struct: t } : { name, ...(t as object) };
  return Array.from({ length: schema[0].num_children ?? 0 }, () => entry(node()));
}

describe('Hugging Face dataset card (README.md)', () => {
  it('has YAML front matter whose features match the Parquet schema read back, with splits, configs and licence', async () => {
    const hfOut = new PassThrough();
    const parts: Buffer[] = [];
    hfOut.on('data', (c: Buffer) => parts.push(c));
    const data = await writeReleaseData('pre/', one(rows), ROW_GROUPS, { hfParquet: hfOut }, releaseFormats(false));
    const card = releaseDatasetCard('pre/', data, meta, releaseFormats(false));
    const text = card.bytes.toString('utf8');
    const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
    expect(m).not.toBeNull();
    const front = parse(m![1]);

    const { schema, rows: back } = await readParquet(Buffer.concat(parts));
    expect(back).toHaveLength(60);
    expect(front.dataset_info.features).toEqual(featuresFromParquet(schema));
    expect(front.dataset_info.features.find((f: { name: string }) => f.name === 'decided_at')).toEqual({ name: 'decided_at', dtype: 'timestamp[us, tz=UTC]' });
    expect(front.dataset_info.splits).toEqual([{ name: 'train', num_examples: 60 }]);
    expect(front.dataset_info.download_size).toBe(Buffer.concat(parts).length);
    expect(front.configs).toEqual([{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*' }] }]);
    expect(HF_DATA_FILE).toMatch(/^data\/train-00000-of-00001\.parquet$/);
    expect(front.license).toBe('unknown');
    expect(front.pretty_name).toBe('toxicity-2025-03');
    // The body names the classes seen per question and how to load the data.
    expect(text).toContain('| `q1` | `harassment`, `ok`, `toxic` |');
    expect(text).toContain(`load_dataset("parquet", data_files={"train": "${HF_DATA_FILE}"})`);
    expect(card.file).toMatchObject({ key: 'pre/README.md', format: 'dataset_card', media_type: 'text/markdown; charset=utf-8', size: card.bytes.length });
    // Deterministic: the same release gives the same bytes (re-export compares them).
    expect(releaseDatasetCard('pre/', data, meta, releaseFormats(false)).bytes.equals(card.bytes)).toBe(true);
  });

  it('keeps Markdown table cells intact whatever the question ids and labels hold', async () => {
    const odd = fixedReleaseLines(1).map((l) => {
      const r = JSON.parse(l.line);
      r.label = 'a|b`c';
      return { itemId: l.itemId, questionId: l.questionId, labelVersion: 1, label: r.label, status: 'active' as const, ontologyVersion: 1, decidedAt: r.decided_at, line: JSON.stringify(r) };
    });
    const data = await writeReleaseData('pre/', one(odd), ROW_GROUPS, {}, releaseFormats(false));
    expect(releaseDatasetCard('pre/', data, meta, releaseFormats(false)).bytes.toString()).toContain('| `q1` | `a_b_c` |');
  });
});
