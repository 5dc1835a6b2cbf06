import { validate } from '@verity/service-runtime';
import { changeOf, decodeDiffCursor, diffCounts, diffQuery, encodeDiffCursor } from './release.diff';

describe('release diff: query, cursor, counts', () => {
  it('round-trips a cursor, any characters included, and refuses anything it did not issue', () => {
    for (const k of [
      { itemId: 'item-1', questionId: 'q1' },
      { itemId: 'é/../"x"', questionId: '' },
    ]) {
      expect(decodeDiffCursor(encodeDiffCursor(k))).toEqual(k);
    }
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const bad of ['', 'not base64!', b64({ itemId: 'a' }), b64(['a']), b64(['a', 1]), b64(['a', 'b', 'c']), b64(['x'.repeat(1001), 'q']), 'e30']) {
      expect(decodeDiffCursor(bad)).toBeNull();
    }
  });

  it('defaults the limit to 100, caps it at 1000 and names the faulty field', () => {
    expect(validate(diffQuery, {}, 'query')).toEqual({ limit: 100, after: null });
    const after = encodeDiffCursor({ itemId: 'i', questionId: 'q' });
    expect(validate(diffQuery, { limit: '1000', after }, 'query')).toEqual({ limit: 1000, after: { itemId: 'i', questionId: 'q' } });
    const fields = (q: object) => {
      try {
        validate(diffQuery, q, 'query');
      } catch (err) {
        return (err as { getResponse(): { errors: { field: string }[] } }).getResponse().errors.map((e) => e.field);
      }
      return [];
    };
    for (const limit of ['0', '1001', '2.5', 'abc', '', ['1', '2']]) expect(fields({ limit })).toEqual(['limit']);
    expect(fields({ after: 'garbage' })).toEqual(['after']);
    expect(fields({ after: ['a', 'b'] })).toEqual(['after']);
    expect(fields({ limit: '0', after: 'garbage' })).toEqual(['limit', 'after']);
  });

  it('classifies a key by the versions each release holds', () => {
    expect([changeOf(null, 1), changeOf(1, null), changeOf(1, 2), changeOf(2, 1), changeOf(3, 3)]).toEqual(['added', 'removed', 'changed', 'changed', 'unchanged']);
    expect(() => changeOf(null, null)).toThrow();
  });

  it('counts the unchanged keys from the sizes and refuses counts that do not add up', () => {
    // from: 10 keys; 2 removed, 3 changed → 5 unchanged; to: 5 + 3 + 4 added = 12.
    expect(diffCounts(10, 12, { added: 4, changed: 3, removed: 2 })).toEqual({ added: 4, changed: 3, removed: 2, unchanged: 5 });
    expect(diffCounts(0, 0, { added: 0, changed: 0, removed: 0 })).toEqual({ added: 0, changed: 0, removed: 0, unchanged: 0 });
    expect(() => diffCounts(10, 13, { added: 4, changed: 3, removed: 2 })).toThrow(/does not add up/);
    expect(() => diffCounts(1, 4, { added: 0, changed: 3, removed: 2 })).toThrow(/does not add up/);
  });
});
