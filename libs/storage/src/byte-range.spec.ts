import { contentRange, parseRange } from './byte-range';

describe('parseRange (HTTP Range: bytes, RFC 9110)', () => {
  const size = 1000;

  it('bytes=a-b → that inclusive range, the end clipped to the object', () => {
    expect(parseRange('bytes=0-99', size)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=100-100', size)).toEqual({ kind: 'partial', start: 100, end: 100 });
    expect(parseRange('bytes=900-5000', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=999-999', size)).toEqual({ kind: 'partial', start: 999, end: 999 });
  });

  it('bytes=a- → from a to the end', () => {
    expect(parseRange('bytes=0-', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRange('bytes=250-', size)).toEqual({ kind: 'partial', start: 250, end: 999 });
    expect(parseRange('bytes=999-', size)).toEqual({ kind: 'partial', start: 999, end: 999 });
  });

  it('bytes=-n → the last n bytes (the whole object when n ≥ size)', () => {
    expect(parseRange('bytes=-1', size)).toEqual({ kind: 'partial', start: 999, end: 999 });
    expect(parseRange('bytes=-100', size)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseRange('bytes=-1000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('a first byte at or past the end, a zero-length suffix, or any range of an empty object is unsatisfiable', () => {
    expect(parseRange('bytes=1000-', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=1000-2000', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=5000-6000', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', size)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=99999999999999999999999-', size)).toEqual({ kind: 'unsatisfiable' });
  });

  it('no header, another unit, malformed values and multiple ranges → the whole object', () => {
    for (const h of [
      undefined,
      null,
      '',
      'bytes',
      'bytes=',
      'bytes=-',
      'bytes=5-2',
      'bytes=a-b',
      'bytes=1.5-2',
      'bytes=+1-2',
      'bytes=0x10-',
      'bytes=1-2-3',
      'items=0-10',
      '0-10',
      'bytes=0-1,4-5',
      'bytes=0-1, -5',
    ]) {
      expect([h, parseRange(h, size)]).toEqual([h, { kind: 'whole' }]);
    }
  });

  it('is lenient about case and whitespace around the unit and value; huge last bytes mean "to the end"', () => {
    expect(parseRange('Bytes=0-1', size)).toEqual({ kind: 'partial', start: 0, end: 1 });
    expect(parseRange(' bytes = 10-20 ', size)).toEqual({ kind: 'partial', start: 10, end: 20 });
    expect(parseRange('bytes=10-99999999999999999999999', size)).toEqual({
      kind: 'partial',
      start: 10,
      end: 999,
    });
    expect(parseRange('bytes=-99999999999999999999999', size)).toEqual({
      kind: 'partial',
      start: 0,
      end: 999,
    });
  });

  it('refuses an invalid object size', () => {
    expect(() => parseRange('bytes=0-1', -1)).toThrow(RangeError);
    expect(() => parseRange('bytes=0-1', 1.5)).toThrow(RangeError);
  });

  it('formats Content-Range for a served range and for a 416', () => {
    expect(contentRange({ start: 0, end: 99 }, 1000)).toBe('bytes 0-99/1000');
    expect(contentRange(null, 1000)).toBe('bytes */1000');
  });
});
