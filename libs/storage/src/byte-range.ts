/**
 * HTTP byte ranges (RFC 9110 §14): what one `Range` header asks of an object of a known size.
 *
 * - `bytes=a-b` → a..min(b, size-1); `bytes=a-` → a..size-1; `bytes=-n` → the last n bytes
 *   (the whole object when n ≥ size);
 * - a first byte at or past the end, `bytes=-0`, or any range of an empty object → unsatisfiable
 *   (416 with `Content-Range: bytes * /size`);
 * - no header, another unit, a malformed value (`bytes=5-2`, `bytes=x`) or several ranges
 *   (`bytes=0-1,4-5`) → the whole object (200): a server may ignore a Range it does not serve.
 */
export type RangeRequest =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/** An inclusive byte range of an object (first and last byte offsets). */
export interface ByteRange {
  start: number;
  end: number;
}

const SPEC = /^(\d*)-(\d*)$/;

export function parseRange(header: string | null | undefined, size: number): RangeRequest {
  const whole = { kind: 'whole' } as const;
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid object size ${size}`);
  if (header === undefined || header === null) return whole;
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return whole;
  const value = header.slice(eq + 1).trim();
  if (value.includes(',')) return whole;
  const m = SPEC.exec(value);
  if (!m) return whole;
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return whole;
  // Digits only, so Number() is exact or (past 2^53) a large float, which still compares
  // correctly with the size: a huge first byte is past the end, a huge last byte means "to the end".
  const a = first === '' ? null : Number(first);
  const b = last === '' ? null : Number(last);
  if (a === null) {
    // Suffix range: the last b bytes.
    if (b === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - b!), end: size - 1 };
  }
  if (b !== null && b < a) return whole; // invalid, so ignored
  if (a >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start: a, end: b === null ? size - 1 : Math.min(b, size - 1) };
}

/** The `Content-Range` value of a served range, or of a 416 (`bytes * /size`, without the space). */
export function contentRange(range: ByteRange | null, size: number): string {
  return range ? `bytes ${range.start}-${range.end}/${size}` : `bytes */${size}`;
}
