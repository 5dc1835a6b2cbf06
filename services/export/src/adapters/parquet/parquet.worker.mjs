// Parquet for releases, in a worker thread: hyparquet(-writer) are ES modules (loaded natively
// here, whatever module system the caller runs under) and encoding is CPU work that must not
// stall the service's event loop (Kafka heartbeats, HTTP).
//
// Streaming: the caller opens a file, sends the release's JSONL lines in pages, then finishes.
// Rows are held for one row group only; each finished row group is encoded and its bytes are
// handed back at once, so memory is bounded by the row-group limits, not by the release.
// Same lines + same limits → same bytes: no clock, no random, fixed created_by, and row-group
// boundaries depend on the rows only (never on how they were paged).
import { parentPort } from 'node:worker_threads';
import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { typedSchema } from './typed.layout.mjs';
import { typedShredder } from './typed.shredder.mjs';
import { shreddedGroupWriter } from './shredded-group.writer.mjs';

/** JSON layout (releases before the typed layout): flat columns, then nested parts as canonical-JSON strings. */
const JSON_COLUMNS = [
  ['project_id', 'STRING', (r) => r.project_id],
  ['item_id', 'STRING', (r) => r.item_id],
  ['question_id', 'STRING', (r) => r.question_id],
  ['label_version', 'INT32', (r) => r.label_version],
  ['status', 'STRING', (r) => r.status],
  ['label', 'STRING', (r) => r.label],
  ['confidence', 'DOUBLE', (r) => r.confidence],
  ['ontology_version', 'INT32', (r) => r.ontology_version],
  ['adjudicated', 'BOOLEAN', (r) => r.adjudicated],
  ['gold', 'BOOLEAN', (r) => r.gold],
  ['decided_at', 'STRING', (r) => r.decided_at],
  ['label_event_id', 'STRING', (r) => r.label_event_id],
  ['content_sha256', 'STRING', (r) => r.content?.content_sha256 ?? null],
  ['answer_json', 'STRING', (r) => json(r.answer)],
  ['soft_label_json', 'STRING', (r) => json(r.soft_label)],
  ['content_json', 'STRING', (r) => json(r.content)],
  ['provenance_json', 'STRING', (r) => json(r.provenance)],
];

/** Page size inside a column chunk (hyparquet-writer's default, fixed here so bytes never drift). */
const PAGE_SIZE = 1048576;

const json = (v) => (v === null || v === undefined ? null : JSON.stringify(v));

/** The file being written: at most one per worker. */
let file = null;

/**
 * How a file's rows become row groups. The JSON layout: one value per flat column, encoded by
 * hyparquet-writer's own `write`. The typed layout (`typed`, a column tree from
 * typed-columns.ts): each row shredded at once into its leaf columns (typed.shredder.mjs).
 */
function layoutOf(typed, pq) {
  if (!typed) {
    let data = JSON_COLUMNS.map(() => []);
    return {
      add: (row) => {
        for (let c = 0; c < JSON_COLUMNS.length; c++) data[c].push(JSON_COLUMNS[c][2](row));
      },
      write: (rows) => {
        pq.write({ columnData: JSON_COLUMNS.map(([name], c) => ({ name, data: data[c] })), rowGroupSize: rows, pageSize: PAGE_SIZE });
        data = JSON_COLUMNS.map(() => []);
      },
    };
  }
  const shredder = typedShredder(typed);
  const writeGroup = shreddedGroupWriter(pq, typed.map((c) => c.name), PAGE_SIZE);
  return { add: (row) => shredder.add(row), write: (rows) => writeGroup(shredder.take(), rows) };
}

function schemaOf(typed) {
  if (typed) return typedSchema(typed);
  return schemaFromColumnData({ columnData: JSON_COLUMNS.map(([name, type]) => ({ name, type, data: [] })) });
}

function open({ maxRows, maxBytes, kvMetadata, typed }) {
  if (file) throw new Error('a parquet file is already open in this worker');
  const writer = new ByteWriter();
  const out = [];
  // ParquetWriter calls flush() after each row group: hand the group's bytes out, keep the offset.
  writer.flush = () => {
    if (writer.index > 0) out.push(writer.getBytes().slice());
    writer.index = 0;
  };
  const pq = new ParquetWriter({
    writer,
    schema: schemaOf(typed),
    codec: 'SNAPPY',
    statistics: true,
    createdBy: 'verity-export',
    kvMetadata,
  });
  writer.flush(); // the 'PAR1' header
  file = { pq, writer, out, layout: layoutOf(typed, pq), maxRows, maxBytes, rows: 0, bytes: 0 };
}

function writeGroup() {
  if (file.rows === 0) return;
  file.layout.write(file.rows);
  file.rows = 0;
  file.bytes = 0;
}

/** Appends JSONL lines (without "\n"); a row group closes at maxRows rows or maxBytes of JSONL. */
function append(lines) {
  for (const line of lines) {
    file.layout.add(JSON.parse(line));
    file.rows++;
    file.bytes += Buffer.byteLength(line, 'utf8') + 1;
    if (file.rows >= file.maxRows || file.bytes >= file.maxBytes) writeGroup();
  }
}

function finish() {
  writeGroup();
  file.pq.finish();
  file.writer.flush();
}

/** The bytes produced since the last reply (transferred, not copied). */
function drain() {
  const chunks = file.out.splice(0);
  return { chunks, transfer: chunks.map((c) => c.buffer) };
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.op === 'open') {
      open(msg);
      const { chunks, transfer } = drain();
      parentPort.postMessage({ ok: true, chunks }, transfer);
    } else if (msg.op === 'append') {
      if (!file) throw new Error('append before open');
      append(msg.lines);
      const { chunks, transfer } = drain();
      parentPort.postMessage({ ok: true, chunks }, transfer);
    } else if (msg.op === 'finish') {
      if (!file) throw new Error('finish before open');
      finish();
      const { chunks, transfer } = drain();
      file = null;
      parentPort.postMessage({ ok: true, chunks }, transfer);
    } else if (msg.op === 'read') {
      const bytes = msg.bytes.buffer.slice(msg.bytes.byteOffset, msg.bytes.byteOffset + msg.bytes.byteLength);
      const rows = await parquetReadObjects({ file: bytes, utf8: true });
      const meta = parquetMetadata(bytes);
      const rowGroups = meta.row_groups.map((g) => Number(g.num_rows));
      parentPort.postMessage({ ok: true, rows, rowGroups, schema: meta.schema.map(schemaElement) });
    } else {
      parentPort.postMessage({ ok: false, error: `unknown op ${msg.op}` });
    }
  } catch (err) {
    parentPort.postMessage({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});

/** A schema element as plain data (bigint fields as numbers): what a reader sees of the file's types. */
function schemaElement(e) {
  return JSON.parse(JSON.stringify(e, (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
}
