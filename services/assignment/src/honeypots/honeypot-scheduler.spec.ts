import { isHoneypotTurn, uuidv7At, uuidv7Millis } from './honeypot-scheduler';

describe('isHoneypotTurn', () => {
  it('is deterministic per seed, project, annotator and counter', () => {
    const a = Array.from({ length: 200 }, (_, n) => isHoneypotTurn('seed-1', 'p', 'u', n, 0.2));
    const b = Array.from({ length: 200 }, (_, n) => isHoneypotTurn('seed-1', 'p', 'u', n, 0.2));
    const c = Array.from({ length: 200 }, (_, n) => isHoneypotTurn('seed-2', 'p', 'u', n, 0.2));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it.each([0.05, 0.2, 0.5])('serves close to the rate %p over many leases and annotators', (rate) => {
    let hits = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) if (isHoneypotTurn('s', 'p', `u${i % 7}`, Math.floor(i / 7), rate)) hits++;
    expect(Math.abs(hits / n - rate)).toBeLessThan(4 * Math.sqrt((rate * (1 - rate)) / n));
  });

  it('has no fixed period an annotator could learn', () => {
    const hits = Array.from({ length: 500 }, (_, n) => isHoneypotTurn('s', 'p', 'u', n, 0.2));
    const gaps = new Set<number>();
    let last = -1;
    hits.forEach((h, i) => {
      if (h) {
        if (last >= 0) gaps.add(i - last);
        last = i;
      }
    });
    expect(gaps.size).toBeGreaterThan(5);
  });

  it('handles the edges', () => {
    expect(isHoneypotTurn('s', 'p', 'u', 1, 0)).toBe(false);
    expect(isHoneypotTurn('s', 'p', 'u', 1, 1)).toBe(true);
    expect(isHoneypotTurn('s', 'p', 'u', 1, Number.NaN)).toBe(false);
  });
});

describe('uuidv7At', () => {
  it('makes a UUIDv7 with the given timestamp, unique each time', () => {
    const ms = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    const a = uuidv7At(ms);
    const b = uuidv7At(ms);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(uuidv7Millis(a)).toBe(ms);
    expect(uuidv7Millis('not-a-uuid')).toBeNull();
  });
});
