import { toJson } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AnswerSchema, ContentReferenceSchema, LabelEvent, LabelProvenanceSchema, LabelStatus } from '@verity/contracts';
import { canonicalJson, compareCodePoints } from './canonical-json.encoder';

/** Identifies the row layout of labels.jsonl / labels.parquet; bump on any change. */
export const RELEASE_ROW_SCHEMA = 'verity.export.release-row/1';

/**
 * One line of labels.jsonl: one label version with its provenance. Nested parts use the
 * protobuf JSON mapping with proto field names (snake_case), so a reader can map them back to
 * proto/verity/labels/v1/labels.proto. `content.payload` names the masked copy; a raw release
 * (includeRaw) adds `content.original_payload` where the item kept its original.
 */
export interface ReleaseRow {
  project_id: string;
  item_id: string;
  question_id: string;
  label_version: number;
  status: 'active' | 'excluded';
  label: string;
  answer: unknown;
  soft_label: Record<string, number>;
  confidence: number;
  ontology_version: number;
  adjudicated: boolean;
  gold: boolean;
  decided_at: string;
  label_event_id: string;
  content: unknown;
  provenance: unknown;
}

const jsonOpts = { useProtoFieldName: true } as const;

export function releaseRowOf(e: LabelEvent): ReleaseRow {
  const soft: Record<string, number> = {};
  for (const [k, v] of Object.entries(e.softLabel)) soft[k] = Number.isFinite(v) ? v : 0;
  return {
    project_id: e.envelope?.projectId ?? '',
    item_id: e.itemId,
    question_id: e.questionId,
    label_version: e.labelVersion,
    status: e.status === LabelStatus.EXCLUDED ? 'excluded' : 'active',
    label: e.label,
    answer: e.answer ? toJson(AnswerSchema, e.answer, jsonOpts) : null,
    soft_label: soft,
    confidence: Number.isFinite(e.confidence) ? e.confidence : 0,
    ontology_version: e.ontologyVersion,
    adjudicated: e.adjudicated,
    gold: e.gold,
    decided_at: e.decidedAt ? timestampDate(e.decidedAt).toISOString() : '',
    label_event_id: e.envelope?.eventId ?? '',
    content: e.content ? toJson(ContentReferenceSchema, e.content, jsonOpts) : null,
    provenance: e.provenance ? toJson(LabelProvenanceSchema, e.provenance, jsonOpts) : null,
  };
}

/** The canonical JSON line (without its newline) of a row: sorted keys, no whitespace. */
export function releaseLine(row: ReleaseRow): string {
  return canonicalJson(row);
}

export interface Keyed {
  itemId: string;
  questionId: string;
}

/** Release order: item id, then question id, by code point (= Postgres COLLATE "C"). */
export function compareRowKeys(a: Keyed, b: Keyed): number {
  return compareCodePoints(a.itemId, b.itemId) || compareCodePoints(a.questionId, b.questionId);
}

/** labels.jsonl: the lines in release order, each ending in "\n" (an empty release is 0 bytes). */
export function buildJsonl(lines: readonly { itemId: string; questionId: string; line: string }[]): Buffer {
  const sorted = [...lines].sort(compareRowKeys);
  for (let i = 1; i < sorted.length; i++) {
    if (compareRowKeys(sorted[i - 1], sorted[i]) === 0) {
      throw new Error(`two rows for item ${sorted[i].itemId} question ${sorted[i].questionId} in one release`);
    }
  }
  const parts: Buffer[] = [];
  for (const r of sorted) parts.push(Buffer.from(`${r.line}\n`, 'utf8'));
  return Buffer.concat(parts);
}
