import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RELEASE_ROW_SCHEMA } from '../release-row';

/** Rows per row group: fixed, so equal input gives equal bytes. */
export const PARQUET_ROW_GROUP_SIZE = 100_000;

const WORKER = join(__dirname, 'parquet.worker.mjs');

type Reply = { ok: true; bytes?: Uint8Array; rows?: Record<string, unknown>[] } | { ok: false; error: string };

function run(msg: object, transfer: ArrayBuffer[] = []): Promise<Reply> {
  const worker = new Worker(WORKER);
  return new Promise<Reply>((resolve, reject) => {
    worker.once('message', (m: Reply) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`parquet worker exited with code ${code}`)));
    worker.postMessage(msg, transfer);
  }).finally(() => void worker.terminate());
}

/**
 * labels.parquet from labels.jsonl, in a worker thread: the same rows, flat columns plus
 * `*_json` string columns (canonical JSON) for the nested parts. Deterministic.
 */
export async function parquetFromJsonl(jsonl: Buffer): Promise<Buffer> {
  const copy = new Uint8Array(jsonl.byteLength);
  copy.set(jsonl);
  const reply = await run(
    {
      op: 'write',
      jsonl: copy,
      rowGroupSize: PARQUET_ROW_GROUP_SIZE,
      kvMetadata: [{ key: 'verity.row_schema', value: RELEASE_ROW_SCHEMA }],
    },
    [copy.buffer],
  );
  if (!reply.ok) throw new Error(`parquet write failed: ${reply.error}`);
  const b = reply.bytes!;
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Reads a Parquet file back into plain row objects (tests, verification tools). */
export async function readParquetRows(bytes: Buffer): Promise<Record<string, unknown>[]> {
  const reply = await run({ op: 'read', bytes: new Uint8Array(bytes) });
  if (!reply.ok) throw new Error(`parquet read failed: ${reply.error}`);
  return reply.rows!;
}
