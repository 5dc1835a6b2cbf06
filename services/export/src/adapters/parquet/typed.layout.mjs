// The typed Parquet layout, in the Parquet worker: from the column tree built by
// typed-columns.ts (plain data), the Parquet schema and the conversion of one JSONL row's value
// into what hyparquet-writer encodes. Deterministic: no clock, no locale, map entries in the
// (canonical, sorted) JSONL key order.

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

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** An RFC 3339 instant as microseconds since the epoch (bigint); '' is no instant. */
function micros(v, path) {
  if (v === '') return null;
  const m = typeof v === 'string' ? RFC3339.exec(v) : null;
  const seconds = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (Number.isNaN(seconds)) throw new Error(`typed parquet: ${path} is not an RFC 3339 timestamp: ${JSON.stringify(v)}`);
  return BigInt(seconds) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

function leafValue(kind, v, path) {
  switch (kind) {
    case 'string':
      return String(v);
    case 'int32':
      return Number(v);
    case 'int64':
      return BigInt(v); // protobuf JSON writes 64-bit integers as strings
    case 'double':
      return Number(v); // also "NaN", "Infinity"
    case 'bool':
      return v === true;
    case 'bytes':
      return new Uint8Array(Buffer.from(String(v), 'base64'));
    case 'json':
      return v;
    case 'timestamp':
      return micros(v, path);
    default:
      throw new Error(`typed parquet: ${path} has unknown kind ${kind}`);
  }
}

/**
 * Where a value sits in the row, for error messages only: a stack of name and index segments
 * pushed and popped as convert() descends, joined only when an error is thrown, rather than a
 * new path string for every value of every row.
 */
class RowPath {
  parts = [];
  push(segment) {
    this.parts.push(segment);
  }
  pop() {
    this.parts.pop();
  }
  toString() {
    return this.parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  }
}

/** The field names of each struct node, built once per node (not once per row). */
const knownFields = new WeakMap();
function fieldsOf(node) {
  let known = knownFields.get(node);
  if (!known) knownFields.set(node, (known = new Set(node.fields.map((f) => f.name))));
  return known;
}

/** One value of the JSONL row converted by its node (absent → the node's fill, [] or null). */
function convert(node, v, path) {
  if (node.kind === 'list') {
    if (!Array.isArray(v)) return [];
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      out[i] = convert(node.element, v[i], path);
      path.pop();
    }
    return out;
  }
  if (node.kind === 'map') {
    if (v === null || v === undefined) return [];
    const out = [];
    for (const key of Object.keys(v)) {
      path.push(key);
      out.push({ key, value: convert(node.value, v[key], path) });
      path.pop();
    }
    return out;
  }
  if (v === null || v === undefined) return node.fill === undefined ? null : leafValue(node.kind, node.fill, path);
  if (node.kind === 'struct') {
    if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`typed parquet: ${path} is not an object`);
    const known = fieldsOf(node);
    for (const k in v) {
      if (!known.has(k)) throw new Error(`typed parquet: ${path}.${k} is not in the schema (proto/ changed without the layout?)`);
    }
    const out = {};
    for (const f of node.fields) {
      path.push(f.name);
      out[f.name] = convert(f, v[f.name], path);
      path.pop();
    }
    return out;
  }
  return leafValue(node.kind, v, path);
}

/** [name, row → column value] for each top-level column. */
export function typedConverters(columns) {
  const path = new RowPath();
  return columns.map((c) => [
    c.name,
    (row) => {
      path.parts.length = 0;
      path.push(c.name);
      return convert(c, row[c.name], path);
    },
  ]);
}
