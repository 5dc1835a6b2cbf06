// Parquet for releases, in a worker thread: hyparquet(-writer) are ES modules (loaded natively
// here, whatever module system the caller runs under) and a large release is CPU work that must
// not stall the service's event loop (Kafka heartbeats, HTTP). Input: the release's labels.jsonl
// bytes; output: labels.parquet bytes. Same JSONL bytes → same Parquet bytes: no clock, no
// random, fixed row groups, fixed created_by.
import { parentPort } from 'node:worker_threads';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetReadObjects } from 'hyparquet';

/** Flat columns, then nested parts as canonical-JSON strings (keys already sorted in the JSONL). */
const COLUMNS = [
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

const json = (v) => (v === null || v === undefined ? null : JSON.stringify(v));

function write(jsonl, rowGroupSize, kv) {
  const text = Buffer.from(jsonl.buffer, jsonl.byteOffset, jsonl.byteLength).toString('utf8');
  const data = COLUMNS.map(() => []);
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const row = JSON.parse(text.slice(start, end));
      for (let c = 0; c < COLUMNS.length; c++) data[c].push(COLUMNS[c][2](row));
    }
    start = end + 1;
  }
  const buf = parquetWriteBuffer({
    columnData: COLUMNS.map(([name, type], c) => ({ name, type, data: data[c] })),
    codec: 'SNAPPY',
    rowGroupSize,
    statistics: true,
    createdBy: 'verity-export',
    kvMetadata: kv,
  });
  return new Uint8Array(buf);
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.op === 'write') {
      const out = write(msg.jsonl, msg.rowGroupSize, msg.kvMetadata);
      parentPort.postMessage({ ok: true, bytes: out }, [out.buffer]);
    } else if (msg.op === 'read') {
      const file = msg.bytes.buffer.slice(msg.bytes.byteOffset, msg.bytes.byteOffset + msg.bytes.byteLength);
      const rows = await parquetReadObjects({ file, utf8: true });
      parentPort.postMessage({ ok: true, rows: rows.map((r) => normalize(r)) });
    } else {
      parentPort.postMessage({ ok: false, error: `unknown op ${msg.op}` });
    }
  } catch (err) {
    parentPort.postMessage({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});

/** bigint → number for INT64 readers (we write only INT32, but keep the reader general). */
function normalize(row) {
  const out = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
  return out;
}
