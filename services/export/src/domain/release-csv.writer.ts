import { csvRow, type CsvCell } from '@verity/csv';
import { canonicalJson } from './canonical-json.encoder';
import type { ReleaseRow } from './release-row.mapper';

/**
 * labels.csv: the release's rows for spreadsheets and tools without JSON, one label a row in
 * release order, the JSONL's columns flattened (content to source, source id, type and sha256;
 * answer and soft label as canonical JSON; provenance only in labels.jsonl / labels.parquet).
 * Text cells that a spreadsheet would run as a formula (`= + - @`, tab, CR first) start with `'`;
 * numbers and flags are written as they are (@verity/csv).
 */
export const RELEASE_CSV_COLUMNS = [
  'project_id',
  'item_id',
  'question_id',
  'label_version',
  'status',
  'label',
  'confidence',
  'ontology_version',
  'adjudicated',
  'gold',
  'decided_at',
  'label_event_id',
  'source',
  'source_id',
  'content_type',
  'content_sha256',
  'answer',
  'soft_label',
] as const;

export const releaseCsvHeader = (): string => csvRow(RELEASE_CSV_COLUMNS);

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The CSV row of one labels.jsonl line. */
export function releaseCsvRow(line: string): string {
  const r = JSON.parse(line) as ReleaseRow;
  const content = (r.content ?? {}) as Record<string, unknown>;
  const cells: Record<(typeof RELEASE_CSV_COLUMNS)[number], CsvCell> = {
    project_id: r.project_id,
    item_id: r.item_id,
    question_id: r.question_id,
    label_version: r.label_version,
    status: r.status,
    label: r.label,
    confidence: r.confidence,
    ontology_version: r.ontology_version,
    adjudicated: r.adjudicated,
    gold: r.gold,
    decided_at: r.decided_at,
    label_event_id: r.label_event_id,
    source: text(content.source),
    source_id: text(content.source_id),
    content_type: text(content.content_type),
    content_sha256: text(content.content_sha256),
    answer: r.answer === null || r.answer === undefined ? null : canonicalJson(r.answer),
    soft_label: canonicalJson(r.soft_label ?? {}),
  };
  return csvRow(RELEASE_CSV_COLUMNS.map((c) => cells[c]));
}
