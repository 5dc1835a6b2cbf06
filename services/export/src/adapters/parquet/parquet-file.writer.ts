import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { RELEASE_ROW_SCHEMA } from '../../domain/release-row.mapper';
import { typedColumns } from './typed-columns.mapper';

/**
 * When a row group closes: at `maxRows` rows or once its rows reach `maxBytes` of JSONL,
 * whichever comes first. Part of what makes the bytes: a release records the limits it was
 * written with (manifest `parquet_row_groups`) and re-export uses the same.
 */
export interface RowGroupLimits {
  maxRows: number;
  maxBytes: number;
}

/** Releases written before streaming: 100,000 rows per group, no byte bound. */
export const LEGACY_ROW_GROUPS: RowGroupLimits = { maxRows: 100_000, maxBytes: Number.POSITIVE_INFINITY };

/** New releases: the same row bound, plus 16 MiB of JSONL, so a row group (what the worker holds) is bounded whatever the rows. */
export const ROW_GROUPS: RowGroupLimits = { maxRows: 100_000, maxBytes: 16 * 1024 * 1024 };

/**
 * How labels.parquet lays out a row: `json` (releases before issue #16: flat columns plus
 * `*_json` strings) or `typed` (decided_at a UTC timestamp, answer/soft_label/content/provenance
 * nested structs, lists and maps). Part of what makes the bytes: the manifest records the layout
 * (`parquet_layout`, absent = `json`) and re-export uses the same.
 */
export type ParquetLayout = 'json' | 'typed';

/** The manifest's name of the typed layout. */
export const TYPED_LAYOUT_ID = 'verity.export.parquet-typed/1';

/** New releases are written typed. */
export const PARQUET_LAYOUT: ParquetLayout = 'typed';

const WORKER = join(__dirname, 'parquet.worker.mjs');

type Reply =
  | { ok: true; chunks?: Uint8Array[]; rows?: Record<string, unknown>[]; rowGroups?: number[]; schema?: ParquetSchemaElement[] }
  | { ok: false; error: string };

/** One worker thread, one request at a time (each message is answered before the next is sent). */
class ParquetWorker {
  private readonly worker = new Worker(WORKER);
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor() {
    this.worker.on('message', (m: Reply) => this.settle((p) => p.resolve(m)));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`parquet worker exited with code ${code}`)));
  }

  async call(msg: object, transfer: ArrayBuffer[] = []): Promise<Reply & { ok: true }> {
    if (this.failure) throw this.failure;
    if (this.pending) throw new Error('parquet worker: a request is already in flight');
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(msg, transfer);
    });
    if (!reply.ok) throw new Error(`parquet worker: ${reply.error}`);
    return reply;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private settle(fn: (p: NonNullable<ParquetWorker['pending']>) => void) {
    const p = this.pending;
    this.pending = null;
    if (p) fn(p);
  }

  private fail(e: Error) {
    this.failure ??= e;
    this.settle((p) => p.reject(e));
  }
}

/** One element of a Parquet file's flattened schema, as hyparquet reads it. */
export interface ParquetSchemaElement {
  name: string;
  type?: string;
  repetition_type?: string;
  converted_type?: string;
  logical_type?: { type: string; unit?: string; isAdjustedToUTC?: boolean };
  num_children?: number;
}

/**
 * labels.parquet written incrementally from the release's JSONL lines, in a worker thread, in
 * the given layout (see ParquetLayout). `append`
 * returns the bytes of the row groups it completed (often none); `finish` the rest and the
 * footer. Deterministic: the bytes depend on the lines and the limits, not on the paging.
 */
export class ParquetStreamWriter {
  private readonly worker = new ParquetWorker();
  private constructor() {}

  static async open(limits: RowGroupLimits, layout: ParquetLayout, rawReferences = false): Promise<{ writer: ParquetStreamWriter; header: Buffer[] }> {
    const writer = new ParquetStreamWriter();
    const kvMetadata = [{ key: 'verity.row_schema', value: RELEASE_ROW_SCHEMA }];
    if (layout === 'typed') kvMetadata.push({ key: 'verity.parquet_layout', value: TYPED_LAYOUT_ID });
    try {
      const reply = await writer.worker.call({
        op: 'open',
        maxRows: limits.maxRows,
        maxBytes: limits.maxBytes,
        kvMetadata,
        typed: layout === 'typed' ? typedColumns(rawReferences) : undefined,
      });
      return { writer, header: buffers(reply.chunks) };
    } catch (err) {
      await writer.close();
      throw err;
    }
  }

  /** Lines of labels.jsonl without their "\n", in release order. */
  async append(lines: readonly string[]): Promise<Buffer[]> {
    return buffers((await this.worker.call({ op: 'append', lines })).chunks);
  }

  async finish(): Promise<Buffer[]> {
    try {
      return buffers((await this.worker.call({ op: 'finish' })).chunks);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}

const buffers = (chunks: Uint8Array[] | undefined): Buffer[] =>
  (chunks ?? []).map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength));

/** labels.parquet from a whole labels.jsonl (tests and tools; releases stream). */
export async function parquetFromJsonl(
  jsonl: Buffer,
  limits: RowGroupLimits = ROW_GROUPS,
  pageRows = 1000,
  layout: ParquetLayout = PARQUET_LAYOUT,
  rawReferences = false,
): Promise<Buffer> {
  const lines = jsonl.toString('utf8').split('\n').filter((l) => l.length > 0);
  const { writer, header } = await ParquetStreamWriter.open(limits, layout, rawReferences);
  const parts = [...header];
  try {
    for (let i = 0; i < lines.length; i += pageRows) parts.push(...(await writer.append(lines.slice(i, i + pageRows))));
  } catch (err) {
    await writer.close();
    throw err;
  }
  parts.push(...(await writer.finish()));
  return Buffer.concat(parts);
}

/**
 * Reads a Parquet file back (tests, tools): row objects as hyparquet decodes them (INT64 as
 * bigint, timestamps as Date, maps as objects), the row count of each row group and the schema.
 */
export async function readParquet(
  bytes: Buffer,
): Promise<{ rows: Record<string, unknown>[]; rowGroups: number[]; schema: ParquetSchemaElement[] }> {
  const worker = new ParquetWorker();
  try {
    const reply = await worker.call({ op: 'read', bytes: new Uint8Array(bytes) });
    return { rows: reply.rows ?? [], rowGroups: reply.rowGroups ?? [], schema: reply.schema ?? [] };
  } finally {
    await worker.close();
  }
}

/** Reads a Parquet file back into plain row objects (tests, verification tools). */
export async function readParquetRows(bytes: Buffer): Promise<Record<string, unknown>[]> {
  return (await readParquet(bytes)).rows;
}
