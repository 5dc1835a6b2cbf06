import { stringify } from 'yaml';
import type { ColumnNode } from '../adapters/parquet/typed-columns.mapper';
import type { ClassCountRow } from './release-manifest.writer';

/** The Hugging Face datasets layout of a release: one config, one split, one Parquet shard. */
export const HF_SPLIT = 'train';
export const HF_DATA_FILE = `data/${HF_SPLIT}-00000-of-00001.parquet`;
export const DATASET_CARD_FILE = 'README.md';

/** What the card says: the release, its rows and classes, and the typed Parquet's columns. */
export interface DatasetCardInput {
  releaseId: string;
  name: string;
  projectId: string;
  createdAt: string;
  labelCount: number;
  classCounts: readonly ClassCountRow[];
  /** Size of the Parquet shard in bytes (the card's download_size). */
  parquetBytes: number;
  columns: readonly ColumnNode[];
}

/** A `datasets` feature type (the YAML form of `Features`). */
type FeatureType = string | { [k: string]: unknown } | FeatureEntry[];
interface FeatureEntry {
  name: string;
  [k: string]: unknown;
}

const DTYPE: Record<string, string> = {
  string: 'string',
  int32: 'int32',
  int64: 'int64',
  double: 'float64',
  bool: 'bool',
  bytes: 'binary',
  json: 'string', // canonical JSON text (BYTE_ARRAY, JSON converted type)
  timestamp: 'timestamp[us, tz=UTC]',
};

/** The type of a node: a dtype name, a struct (list of named fields), or { list: type }. */
function featureType(node: ColumnNode): FeatureType {
  switch (node.kind) {
    case 'struct':
      return node.fields.map(featureEntry);
    case 'list':
      return { list: featureType(node.element) };
    case 'map':
      return { list: [{ name: 'key', dtype: 'string' }, featureEntry({ ...node.value, name: 'value' })] };
    default:
      return DTYPE[node.kind];
  }
}

/** `{ name, dtype }`, `{ name, struct: [...] }` or `{ name, list: ... }`, as dataset cards write features. */
function featureEntry(node: ColumnNode): FeatureEntry {
  const t = featureType(node);
  if (typeof t === 'string') return { name: node.name, dtype: t };
  if (Array.isArray(t)) return { name: node.name, struct: t };
  return { name: node.name, ...t };
}

/** `dataset_info.features` for the typed columns (also what the card test compares with the Parquet schema). */
export function datasetFeatures(columns: readonly ColumnNode[]): FeatureEntry[] {
  return columns.map(featureEntry);
}

/** Observed classes per question (from the release's class counts), in code-point order. */
function classesByQuestion(counts: readonly ClassCountRow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of counts) out.set(c.question_id, [...(out.get(c.question_id) ?? []), c.label]);
  return out;
}

/**
 * README.md of the Hugging Face layout: YAML front matter (`dataset_info` with features, the
 * split and sizes, `configs` pointing at data/, `license`) and a short body. Deterministic:
 * the same release gives the same bytes (re-export checks them). The licence is `unknown`:
 * projects record none today.
 */
export function datasetCard(input: DatasetCardInput): Buffer {
  const front = {
    pretty_name: input.name,
    license: 'unknown',
    tags: ['verity', 'annotations'],
    dataset_info: {
      features: datasetFeatures(input.columns),
      splits: [{ name: HF_SPLIT, num_examples: input.labelCount }],
      download_size: input.parquetBytes,
    },
    configs: [{ config_name: 'default', data_files: [{ split: HF_SPLIT, path: 'data/train-*' }] }],
  };
  const code = (s: string) => `\`${s.replace(/[`|\\\r\n]/g, '_')}\``; // a Markdown table cell, whatever the id
  const classes = [...classesByQuestion(input.classCounts)].map(([q, labels]) => `| ${code(q)} | ${labels.map(code).join(', ')} |`);
  const body = [
    `# ${input.name}`,
    '',
    `Release \`${input.releaseId}\` of Verity project \`${input.projectId}\`, created ${input.createdAt}:`,
    `${input.labelCount} labels, one row per (item, question), the newest label version in the release's selection.`,
    '',
    '```python',
    'from datasets import load_dataset',
    `ds = load_dataset("parquet", data_files={"${HF_SPLIT}": "${HF_DATA_FILE}"})`,
    '```',
    '',
    `\`${HF_DATA_FILE}\` holds the same bytes as \`labels.parquet\`; \`labels.jsonl\` holds the same rows as JSON and`,
    '`manifest.json` the sha256 of every file. Nested columns follow `proto/verity/labels/v1/labels.proto`',
    '(proto field names; enums as their names; protobuf maps as lists of `key`/`value`).',
    '`label` is a string: one release can hold several questions. Classes seen in this release:',
    '',
    '| question | classes |',
    '| --- | --- |',
    ...(classes.length ? classes : ['| (none) | |']),
    '',
    'Licence: not recorded by the project (`unknown`); ask the data owner before redistributing.',
    '',
  ];
  return Buffer.from(`---\n${stringify(front, { lineWidth: 0 })}---\n\n${body.join('\n')}`, 'utf8');
}
