// Shreds JSONL rows of the typed layout straight into Parquet's per-leaf columns (values,
// definition and repetition levels), in one walk of each row.
//
// Why not hyparquet-writer's own path: it takes one converted object tree per row, then walks
// every row once per leaf column (Dremel, `encodeNestedValues`), asking the schema at every
// step whether a node is a list or a map. For the 132 leaves of a release row that walk and the
// intermediate trees were most of a release's Parquet time (decision 84). The levels produced
// here are the ones that walk produces (same values, same null/undefined, flat columns without
// repetition levels), so the file's bytes do not change: typed.layout.spec.ts pins them, on rows
// with every kind of absence, to what that walk wrote.

/**
 * Definition or repetition levels of one leaf: small integers in a growing byte array (a
 * row group of a release row holds millions of them; as JS numbers they took 8 bytes each).
 */
class Levels {
  buf = new Uint8Array(1024);
  length = 0;
  push(level) {
    if (this.length === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = level;
  }
  /** The levels pushed so far (a view, not a copy). */
  view() {
    return this.buf.subarray(0, this.length);
  }
}

/** A leaf's column data for one row group. `rep` is null for a top-level (flat) leaf. */
function sinkOf(name, flat) {
  return { name, values: [], def: new Levels(), rep: flat ? null : new Levels() };
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

/** A JSONL value as the leaf's Parquet value. */
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
 * pushed and popped on the way down, joined only when an error is thrown.
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

/**
 * A node compiled over the row group's sinks: `shred(v, d, r)` takes the node's JSONL value `v`
 * (undefined when absent), `d` the definition level of its parent, `r` the repetition level of
 * the slot; `sinks` are the leaves below it, filled with undefined slots when its parent is null
 * (or an empty list). `repeated` is how many repeated nodes are above this one.
 */
function compile(node, repeated, flat, sinks, path) {
  if (node.kind === 'struct') return compileStruct(node, repeated, sinks, path);
  if (node.kind === 'list') return compileList(node, repeated, sinks, path);
  if (node.kind === 'map') return compileMap(node, repeated, sinks, path);
  return compileLeaf(node, flat, sinks, path);
}

/** Kinds whose converted fill is one immutable value, computed once (bytes give a new array each time). */
const SHARED_FILL = new Set(['string', 'int32', 'int64', 'double', 'bool', 'timestamp']);

function compileLeaf(node, flat, sinks, path) {
  const sink = sinkOf(node.name, flat);
  sinks.push(sink);
  const { kind, fill } = node;
  const { values, def, rep } = sink;
  const shared = fill !== undefined && SHARED_FILL.has(kind) ? leafValue(kind, fill, node.name) : undefined;
  const filled = fill === undefined ? () => null : shared !== undefined ? () => shared : () => leafValue(kind, fill, path);
  const convert = (v) => (v === null || v === undefined ? filled() : leafValue(kind, v, path));
  return {
    shred: flat
      ? (v, d) => {
          const value = convert(v);
          values.push(value);
          def.push(value === null || value === undefined ? d : d + 1);
        }
      : (v, d, r) => {
          const value = convert(v);
          values.push(value);
          def.push(value === null || value === undefined ? d : d + 1);
          rep.push(r);
        },
    sinks: [sink],
  };
}

/** The node's parent is null (or an empty list): one undefined slot in each leaf below it. */
function absentIn(sinks) {
  return (d, r) => {
    for (let i = 0; i < sinks.length; i++) {
      const s = sinks[i];
      s.values.push(undefined);
      s.def.push(d);
      s.rep.push(r);
    }
  };
}

function compileStruct(node, repeated, sinks, path) {
  const names = node.fields.map((f) => f.name);
  const known = new Set(names);
  const children = node.fields.map((f) => compile(f, repeated, false, sinks, path));
  const below = children.flatMap((c) => c.sinks);
  const absent = absentIn(below);
  return {
    shred: (v, d, r) => {
      if (v === null || v === undefined) return absent(d, r);
      if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`typed parquet: ${path} is not an object`);
      for (const k in v) {
        if (!known.has(k)) throw new Error(`typed parquet: ${path}.${k} is not in the schema (proto/ changed without the layout?)`);
      }
      for (let i = 0; i < children.length; i++) {
        path.push(names[i]);
        children[i].shred(v[names[i]], d + 1, r);
        path.pop();
      }
    },
    sinks: below,
  };
}

/** A list: an optional LIST node, its repeated `list` node, then the element. Absent or not an array: an empty list. */
function compileList(node, repeated, sinks, path) {
  const element = compile(node.element, repeated + 1, false, sinks, path);
  const again = repeated + 1; // the repetition level of every element after a list's first
  const empty = absentIn(element.sinks);
  return {
    shred: (v, d, r) => {
      if (!Array.isArray(v) || v.length === 0) return empty(d + 1, r);
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        element.shred(v[i], d + 2, i === 0 ? r : again);
        path.pop();
      }
    },
    sinks: element.sinks,
  };
}

/** A map: a list of optional {key, value} structs, entries in the JSONL's key order. Absent: an empty list. */
function compileMap(node, repeated, sinks, path) {
  const key = compileLeaf({ name: 'key', kind: 'string' }, false, sinks, path);
  const value = compile(node.value, repeated + 1, false, sinks, path);
  const again = repeated + 1;
  const below = [...key.sinks, ...value.sinks];
  const absent = absentIn(below);
  return {
    shred: (v, d, r) => {
      if (v === null || v === undefined) return absent(d + 1, r);
      let i = 0;
      for (const k of Object.keys(v)) {
        const slot = i++ === 0 ? r : again;
        path.push(k);
        key.shred(k, d + 3, slot);
        value.shred(v[k], d + 3, slot);
        path.pop();
      }
      if (i === 0) absent(d + 1, r);
    },
    sinks: below,
  };
}

/**
 * The typed layout's shredder for a column tree (typed-columns.ts): `add(row)` shreds one parsed
 * JSONL row, `take()` hands back each top-level column's leaf sinks (in the schema's depth-first
 * leaf order) and starts the next row group.
 */
export function typedShredder(columns) {
  const path = new RowPath();
  let compiled;
  let sinks;
  const reset = () => {
    sinks = [];
    compiled = columns.map((c) => {
      const leaves = [];
      const fn = compile(c, 0, true, leaves, path);
      sinks.push(leaves);
      return fn;
    });
  };
  reset();
  return {
    /** A row that throws leaves the group part-shredded: the caller abandons the file (it does). */
    add(row) {
      for (let c = 0; c < columns.length; c++) {
        path.parts.length = 0;
        path.push(columns[c].name);
        compiled[c].shred(row[columns[c].name], 0, 0);
      }
    },
    take() {
      const out = sinks;
      reset();
      return out;
    },
  };
}
