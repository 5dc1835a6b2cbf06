import { DescField, DescMessage, ScalarType } from '@bufbuild/protobuf';
import { AnswerSchema, ContentReferenceSchema, LabelProvenanceSchema } from '@verity/contracts';

/**
 * The typed Parquet layout's columns as a plain tree (sent to the Parquet worker, which derives
 * the Parquet schema and converts each JSONL row by it; also the source of the dataset card's
 * features). Nested parts come from the protobuf descriptors, so the Parquet schema follows
 * proto/ with no hand-written copy. Each node reads the JSONL key of the same name (protobuf
 * JSON with proto field names).
 */
export type Leaf = 'string' | 'int32' | 'int64' | 'double' | 'bool' | 'bytes' | 'timestamp' | 'json';

export type ColumnNode =
  /** `fill`: the value when the key is absent (protobuf JSON omits implicit defaults); null otherwise. */
  | { name: string; kind: Leaf; fill?: string | number | boolean }
  | { name: string; kind: 'struct'; fields: ColumnNode[] }
  | { name: string; kind: 'list'; element: ColumnNode }
  /** A protobuf map: written as a list of {key, value} structs (see typed.layout.mjs). */
  | { name: string; kind: 'map'; value: ColumnNode };

const SCALAR: Record<ScalarType, Leaf> = {
  [ScalarType.DOUBLE]: 'double',
  [ScalarType.FLOAT]: 'double',
  [ScalarType.INT32]: 'int32',
  [ScalarType.SINT32]: 'int32',
  [ScalarType.SFIXED32]: 'int32',
  // uint32 does not fit INT32: widened.
  [ScalarType.UINT32]: 'int64',
  [ScalarType.FIXED32]: 'int64',
  [ScalarType.INT64]: 'int64',
  [ScalarType.SINT64]: 'int64',
  [ScalarType.SFIXED64]: 'int64',
  // uint64 above 2^63 - 1 does not fit INT64; no value here comes near (ms, bytes, counts).
  [ScalarType.UINT64]: 'int64',
  [ScalarType.FIXED64]: 'int64',
  [ScalarType.BOOL]: 'bool',
  [ScalarType.STRING]: 'string',
  [ScalarType.BYTES]: 'bytes',
};

const ZERO: Record<Leaf, string | number | boolean | undefined> = {
  string: '',
  int32: 0,
  int64: 0,
  double: 0,
  bool: false,
  bytes: '',
  timestamp: undefined,
  json: undefined,
};

/** Well-known message types mapped to one leaf; others not handled below become canonical JSON. */
const WELL_KNOWN: Record<string, Leaf> = {
  'google.protobuf.Timestamp': 'timestamp',
  'google.protobuf.Struct': 'json',
  'google.protobuf.Value': 'json',
  'google.protobuf.ListValue': 'json',
  'google.protobuf.Any': 'json',
  'google.protobuf.Duration': 'string',
  'google.protobuf.FieldMask': 'string',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'double',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'int64',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'int64',
};

function messageNode(name: string, m: DescMessage, seen: readonly string[]): ColumnNode {
  const known = WELL_KNOWN[m.typeName];
  if (known) return { name, kind: known };
  // A message that contains itself has no finite schema: kept as JSON at the repeat.
  if (seen.includes(m.typeName)) return { name, kind: 'json' };
  const path = [...seen, m.typeName];
  return { name, kind: 'struct', fields: m.fields.map((f) => fieldNode(f, path)) };
}

function fieldNode(f: DescField, seen: readonly string[]): ColumnNode {
  const name = f.name; // proto field name = the JSONL key (useProtoFieldName)
  const implicit = f.presence === 2; // FeatureSet_FieldPresence.IMPLICIT: JSON omits the default
  switch (f.fieldKind) {
    case 'scalar': {
      const kind = SCALAR[f.scalar];
      return implicit && !f.oneof ? { name, kind, fill: ZERO[kind] } : { name, kind };
    }
    case 'enum':
      return implicit && !f.oneof ? { name, kind: 'string', fill: f.enum.values[0].name } : { name, kind: 'string' };
    case 'message':
      return messageNode(name, f.message, seen);
    case 'list':
      return { name, kind: 'list', element: memberNode('element', f.listKind, f, seen) };
    case 'map':
      return { name, kind: 'map', value: memberNode('value', f.mapKind, f, seen) };
  }
}

/** The element of a repeated field or the value of a map field. */
function memberNode(
  name: string,
  kind: 'scalar' | 'enum' | 'message',
  f: { name: string; scalar?: ScalarType; message?: DescMessage },
  seen: readonly string[],
): ColumnNode {
  if (kind === 'scalar' && f.scalar !== undefined) return { name, kind: SCALAR[f.scalar] };
  if (kind === 'enum') return { name, kind: 'string' };
  if (kind === 'message' && f.message) return messageNode(name, f.message, seen);
  throw new Error(`typed parquet: field ${f.name} (${kind}) has no type`);
}

/**
 * The typed layout's columns, in file order: the flat columns of the JSON layout with
 * `decided_at` as a timestamp, then `answer`, `soft_label` (map), `content` and `provenance` as
 * nested columns in place of the `*_json` strings. `content.original_payload` (the unmasked
 * original's reference) is a column only in releases that name originals (`rawReferences`).
 */
export function typedColumns(rawReferences: boolean): ColumnNode[] {
  const content = messageNode('content', ContentReferenceSchema, []);
  if (!rawReferences && content.kind === 'struct') content.fields = content.fields.filter((f) => f.name !== 'original_payload');
  return [
    { name: 'project_id', kind: 'string' },
    { name: 'item_id', kind: 'string' },
    { name: 'question_id', kind: 'string' },
    { name: 'label_version', kind: 'int32' },
    { name: 'status', kind: 'string' },
    { name: 'label', kind: 'string' },
    { name: 'confidence', kind: 'double' },
    { name: 'ontology_version', kind: 'int32' },
    { name: 'adjudicated', kind: 'bool' },
    { name: 'gold', kind: 'bool' },
    { name: 'decided_at', kind: 'timestamp' },
    { name: 'label_event_id', kind: 'string' },
    messageNode('answer', AnswerSchema, []),
    { name: 'soft_label', kind: 'map', value: { name: 'value', kind: 'double' } },
    content,
    messageNode('provenance', LabelProvenanceSchema, []),
  ];
}
