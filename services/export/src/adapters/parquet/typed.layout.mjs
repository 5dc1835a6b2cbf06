// The typed Parquet layout's schema, in the Parquet worker: from the column tree built by
// typed-columns.ts (plain data), Parquet's flattened schema. Rows are shredded into it by
// typed.shredder.mjs. Deterministic: no clock, no locale.

/** A string leaf or a map key: UTF-8 BYTE_ARRAY. */
const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8' };

const LEAF = {
  string: STRING,
  int32: { type: 'INT32' },
  int64: { type: 'INT64' },
  double: { type: 'DOUBLE' },
  bool: { type: 'BOOLEAN' },
  bytes: { type: 'BYTE_ARRAY' },
  json: { type: 'BYTE_ARRAY', converted_type: 'JSON' },
  // UTC instants in microseconds (protobuf timestamps carry up to nanoseconds; decided_at has milliseconds).
  timestamp: { type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } },
};

/** Schema elements of one node, depth first (Parquet's flattened schema). Every node is OPTIONAL. */
function elements(node, out) {
  const leaf = LEAF[node.kind];
  if (leaf) {
    out.push({ name: node.name, ...leaf, repetition_type: 'OPTIONAL' });
  } else if (node.kind === 'struct') {
    out.push({ name: node.name, repetition_type: 'OPTIONAL', num_children: node.fields.length });
    for (const f of node.fields) elements(f, out);
  } else if (node.kind === 'list') {
    out.push({ name: node.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 });
    out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
    elements(node.element, out);
  } else if (node.kind === 'map') {
    // A protobuf map as a LIST of {key, value} structs, not a Parquet MAP: Hugging Face
    // `datasets` has no feature type for Arrow maps, a list of structs loads everywhere.
    out.push({ name: node.name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 });
    out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
    out.push({ name: 'element', repetition_type: 'OPTIONAL', num_children: 2 });
    out.push({ name: 'key', ...STRING, repetition_type: 'OPTIONAL' });
    elements(node.value, out);
  } else {
    throw new Error(`typed parquet: column ${node.name} has unknown kind ${node.kind}`);
  }
  return out;
}

export function typedSchema(columns) {
  const out = [{ name: 'root', num_children: columns.length }];
  for (const c of columns) elements(c, out);
  return out;
}
