import { create } from '@bufbuild/protobuf';
import { ObjectRefSchema } from '@verity/contracts';
import type { Db } from '@verity/persistence';
import { withRawReferences } from './raw-references.rule';
import type { SelectedRow } from '../db/releases.repository';

const row = (itemId: string, content: unknown): SelectedRow => ({
  itemId,
  questionId: 'q',
  labelVersion: 1,
  label: 'x',
  status: 'active',
  ontologyVersion: 1,
  decidedAt: '2026-01-01T00:00:00.000Z',
  line: JSON.stringify({ content, item_id: itemId, label: 'x' }),
});

async function* pages(...ps: SelectedRow[][]) {
  for (const p of ps) yield p;
}

describe('withRawReferences', () => {
  it('adds the original reference to the rows of items that kept one, in canonical JSON, and leaves the rest as stored', async () => {
    const original = create(ObjectRefSchema, { bucket: 'b', key: 'ingestion/originals/abc', sha256: 'abc', sizeBytes: 12n, mediaType: 'text/plain' });
    const asked: string[][] = [];
    const items = {
      originalRefs: async (_db: Db, ids: readonly string[]) => {
        asked.push([...ids]);
        return new Map(ids.includes('i1') ? [['i1', original]] : []);
      },
    };
    const rows: SelectedRow[] = [];
    const input = [row('i1', { source: 's', content_sha256: 'h' }), row('i2', { source: 's' }), row('i1', null)];
    for await (const p of withRawReferences({} as Db, items, pages(input.slice(0, 2), input.slice(2)))) rows.push(...p);
    expect(asked).toEqual([['i1', 'i2'], ['i1']]);
    expect(rows[0].line).toBe(
      '{"content":{"content_sha256":"h","original_payload":{"bucket":"b","key":"ingestion/originals/abc","media_type":"text/plain","sha256":"abc","size_bytes":"12"},"source":"s"},"item_id":"i1","label":"x"}',
    );
    expect(rows[1]).toBe(input[1]);
    expect(rows[2]).toBe(input[2]); // no content reference to extend
  });
});
