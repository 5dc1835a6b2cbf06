import { toJson } from '@bufbuild/protobuf';
import { ObjectRefSchema } from '@verity/contracts';
import type { ItemContentsRepository } from '../db/item-contents.repository';
import { canonicalJson } from './canonical-json.encoder';
import type { Db } from '@verity/persistence';
import type { SelectedRow } from '../db/releases.repository';

/**
 * The rows of a raw release: each row whose item kept an unmasked original gets its reference
 * as content.original_payload (protobuf JSON, proto field names), the line re-written in
 * canonical JSON. Other rows, and every row of a release without includeRaw, are the stored
 * lines unchanged. One lookup per page.
 */
export async function* withRawReferences(
  db: Db,
  items: Pick<ItemContentsRepository, 'originalRefs'>,
  pages: AsyncIterable<readonly SelectedRow[]>,
): AsyncGenerator<SelectedRow[]> {
  for await (const page of pages) {
    const originals = await items.originalRefs(db, [...new Set(page.map((r) => r.itemId))]);
    yield page.map((r) => {
      const ref = originals.get(r.itemId);
      if (!ref) return r;
      const row = JSON.parse(r.line) as { content: Record<string, unknown> | null };
      if (!row.content) return r;
      row.content.original_payload = toJson(ObjectRefSchema, ref, { useProtoFieldName: true });
      return { ...r, line: canonicalJson(row) };
    });
  }
}
