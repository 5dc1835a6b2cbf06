import { canonicalJson, compareCodePoints } from './canonical-json.encoder';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, keeps array order, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, 'é': 'x' })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"é":"x"}',
    );
  });

  it('gives the same bytes whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: [true, null] })).toBe(canonicalJson({ y: [true, null], x: 1 }));
  });

  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/NaN \(at \$\.a\)/);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, like UTF-8 bytes and COLLATE "C" (not by UTF-16 unit)', () => {
    const astral = '\u{1F600}'; // surrogate pair D83D DE00
    const bmpHigh = '\uFF5E';
    expect(astral < bmpHigh).toBe(true); // JS's own order is by code unit
    expect(compareCodePoints(astral, bmpHigh)).toBeGreaterThan(0);
    const sorted = ['b', 'a', 'ab', astral, bmpHigh, 'B'].sort(compareCodePoints);
    const byUtf8 = [...sorted].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(sorted).toEqual(byUtf8);
    expect(sorted).toEqual(['B', 'a', 'ab', 'b', bmpHigh, astral]);
  });
});
