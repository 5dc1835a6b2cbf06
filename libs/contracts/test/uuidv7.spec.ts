import { isUuidV7, uuidv7, uuidv7At, uuidv7Sequence, uuidv7Timestamp } from '../src';

describe('uuidv7', () => {
  it('has the RFC 9562 version (7) and variant (10) bits', () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const hex = id.replace(/-/g, '');
      expect(parseInt(hex[12]!, 16)).toBe(7); // version nibble
      expect(parseInt(hex[16]!, 16) >> 2).toBe(0b10); // variant bits
      expect(isUuidV7(id)).toBe(true);
    }
  });

  it('encodes the Unix milliseconds in the first 48 bits', () => {
    const t = Date.now() + 60_000; // ahead of every id made so far in this process
    expect(uuidv7Timestamp(uuidv7(t))).toBe(t);
  });

  it('is time-ordered: later ids sort after earlier ones, even within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays ordered when the clock stands still or steps back', () => {
    const t = Date.now() + 120_000;
    const ids = [
      uuidv7(t),
      ...Array.from({ length: 5000 }, () => uuidv7(t)),
      uuidv7(t - 10_000),
      uuidv7(t + 1),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(uuidv7Timestamp(id)).toBeGreaterThanOrEqual(t);
  });

  it('ids from different milliseconds order by time', () => {
    const t = Date.now() + 180_000;
    const a = uuidv7(t);
    const b = uuidv7(t + 1);
    const c = uuidv7(t + 1000);
    expect(a < b && b < c).toBe(true);
    expect(uuidv7Timestamp(c) - uuidv7Timestamp(a)).toBe(1000);
  });

  it('rejects non-v7 ids', () => {
    expect(isUuidV7('018f2d6e-8c2a-4b6c-9d7e-123456789abc')).toBe(false); // v4
    expect(isUuidV7('018f2d6e-8c2a-7b6c-cd7e-123456789abc')).toBe(false); // wrong variant
    expect(() => uuidv7Timestamp('nope')).toThrow();
  });

  it('uuidv7At mints an id of a given past millisecond laid out like uuidv7(): same version, variant and counter range', () => {
    const ms = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    const seqNibbles = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const id = uuidv7At(ms);
      expect(isUuidV7(id)).toBe(true);
      expect(uuidv7Timestamp(id)).toBe(ms);
      seqNibbles.add(id[15]!);
      ids.add(id);
    }
    expect(ids.size).toBe(4000);
    // The counter's first nibble: 0-7 only, as in the first id uuidv7() makes in a millisecond.
    expect([...seqNibbles].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    const fresh = Array.from({ length: 4000 }, (_, i) => uuidv7(Date.now() + 300_000 + i * 2));
    expect(new Set(fresh.map((id) => id[15])).size).toBeLessThanOrEqual(8);
    for (const id of fresh) expect('01234567').toContain(id[15]);
  });

  it('uuidv7At takes a given sequence; uuidv7Sequence reads it back', () => {
    const ms = Date.UTC(2025, 5, 6, 7, 8, 9, 10);
    for (const seq of [0, 1, 0x7ff, 0x800, 0xfff]) {
      const id = uuidv7At(ms, seq);
      expect(isUuidV7(id)).toBe(true);
      expect(uuidv7Timestamp(id)).toBe(ms);
      expect(uuidv7Sequence(id)).toBe(seq);
    }
    expect(uuidv7Sequence(uuidv7At(ms, 99_999))).toBe(0xfff);
    const t = Date.now() + 500_000;
    const a = uuidv7(t);
    const b = uuidv7(t);
    expect(uuidv7Sequence(b) - uuidv7Sequence(a)).toBe(1);
    expect(() => uuidv7Sequence('nope')).toThrow();
  });
});
