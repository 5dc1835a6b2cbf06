// UUIDv7 (RFC 9562 §5.7): 48-bit Unix milliseconds, version 7, 12 bits of rand_a used as a
// sequence counter (RFC 9562 §6.2 method 1) so ids made in the same millisecond by this
// process still sort in creation order, the variant bits 10, then 62 random bits.

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_SEQ = 0xfff;

let lastMs = -1;
let seq = 0;

/**
 * Random bytes from a pool refilled 4 KiB at a time: one getrandom call for every 256 ids instead
 * of one per id (the call was 5–6 % of decomposition's and ingestion's CPU at 1,000 content
 * events/s). The bytes are the same CSPRNG's; each is handed out once.
 */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let poolAt = 0;

function randomBytes(n: number): Uint8Array {
  if (poolAt + n > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    poolAt = 0;
  }
  const out = pool.slice(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A random start for the per-millisecond counter, in its lower half: room for >= 2048 ids. */
function freshSeq(): number {
  const b = randomBytes(2);
  return ((b[0]! << 8) | b[1]!) & 0x7ff;
}

/**
 * A new UUIDv7 in canonical lowercase form. Strictly increasing within this process, even
 * when the clock stands still or steps back (the previous millisecond is reused and its
 * counter advanced). `now` (ms since the epoch) is for tests.
 */
export function uuidv7(now: number = Date.now()): string {
  let ms = Math.floor(now);
  if (ms > lastMs) {
    lastMs = ms;
    seq = freshSeq();
  } else {
    seq += 1;
    if (seq > MAX_SEQ) {
      lastMs += 1;
      seq = freshSeq();
    }
    ms = lastMs;
  }

  return format(ms, seq);
}

/**
 * A UUIDv7 carrying a given (possibly past) timestamp, laid out exactly like `uuidv7()`'s: the
 * 12-bit sequence given (0–4095), else a fresh counter start (the lower half, so the nibble after
 * the version is 0–7 as in every first id of a millisecond), then random bits. Not ordered
 * against other ids of the same millisecond. For ids that must not tell, by their bits, how they
 * were made (honeypot copies, docs/decisions.md).
 */
export function uuidv7At(ms: number, sequence?: number): string {
  const seq = sequence === undefined ? freshSeq() : Math.min(MAX_SEQ, Math.max(0, Math.floor(sequence)));
  return format(Math.max(0, Math.floor(ms)), seq);
}

/** The 12-bit sequence (rand_a) of a UUIDv7. */
export function uuidv7Sequence(id: string): number {
  if (!isUuidV7(id)) throw new Error(`not a UUIDv7: ${id}`);
  return parseInt(id.slice(15, 18), 16);
}

function format(ms: number, seq: number): string {
  const bytes = randomBytes(16);
  let t = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes[6] = 0x70 | (seq >> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);

  let hex = '';
  for (const b of bytes) hex += HEX[b];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether `id` is a canonical lowercase UUIDv7 (version 7, RFC 9562 variant). */
export function isUuidV7(id: string): boolean {
  return UUID_RE.test(id) && id[14] === '7' && '89ab'.includes(id[19]!);
}

/** The Unix milliseconds encoded in a UUIDv7. */
export function uuidv7Timestamp(id: string): number {
  if (!isUuidV7(id)) throw new Error(`not a UUIDv7: ${id}`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
