import { importedAnnotationId, slotsForImports, uuidv5 } from './imported-answer.rule';

describe('slots for imported answers', () => {
  const ann = (n: number) => Array.from({ length: n }, (_, i) => `ls:${i + 1}`);

  it('takes the open slots, lowest number first, whatever order they are listed in', () => {
    const slots = [
      { slotNo: 3, state: 'open' as const },
      { slotNo: 1, state: 'done' as const },
      { slotNo: 2, state: 'open' as const },
    ];
    expect(slotsForImports(slots, ann(1))).toEqual([{ slotNo: 2, added: false, counts: true }]);
    expect(slotsForImports(slots, ann(2))).toEqual([
      { slotNo: 2, added: false, counts: true },
      { slotNo: 3, added: false, counts: true },
    ]);
  });

  it('adds slots after the highest number when none is open: leased, done and void slots are never taken', () => {
    const slots = [
      { slotNo: 1, state: 'leased' as const },
      { slotNo: 2, state: 'open' as const },
      { slotNo: 3, state: 'void' as const },
      { slotNo: 4, state: 'done' as const },
    ];
    expect(slotsForImports(slots, ann(4))).toEqual([
      { slotNo: 2, added: false, counts: true },
      { slotNo: 5, added: true, counts: true },
      { slotNo: 6, added: true, counts: true },
      { slotNo: 7, added: true, counts: true },
    ]);
  });

  it('gives a repeat answer of one annotator (in the batch or already recorded) a slot of its own that does not count', () => {
    const slots = [
      { slotNo: 1, state: 'done' as const },
      { slotNo: 2, state: 'open' as const },
      { slotNo: 3, state: 'open' as const },
    ];
    expect(slotsForImports(slots, ['a', 'a', 'b', 'c'], new Set(['c']))).toEqual([
      { slotNo: 2, added: false, counts: true },
      { slotNo: 4, added: true, counts: false },
      { slotNo: 3, added: false, counts: true },
      { slotNo: 5, added: true, counts: false },
    ]);
  });

  it('keeps every answer of a task without slots, and gives nothing for no answers', () => {
    expect(slotsForImports([], ann(2))).toEqual([
      { slotNo: 1, added: true, counts: true },
      { slotNo: 2, added: true, counts: true },
    ]);
    expect(slotsForImports([{ slotNo: 1, state: 'open' }], [])).toEqual([]);
  });
});

describe('imported annotation ids', () => {
  const key = { projectId: 'p', source: 'label-studio', sourceId: '7', questionId: 'q', annotatorId: 'label-studio:12', externalId: '99' };

  it('are RFC 4122 UUIDv5 (the RFC namespace example)', () => {
    // uuid v5 of "hello" in the DNS namespace, as every implementation computes it.
    expect(uuidv5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'hello')).toBe('9342d47a-1bab-5709-9869-c840b2eac501');
  });

  it('are the same for the same answer and differ when any part of its key does', () => {
    const id = importedAnnotationId(key);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importedAnnotationId({ ...key })).toBe(id);
    for (const k of Object.keys(key) as (keyof typeof key)[]) expect(importedAnnotationId({ ...key, [k]: `${key[k]}x` })).not.toBe(id);
    // The parts are separated: moving a character from one part to the next changes the id.
    expect(importedAnnotationId({ ...key, sourceId: '7', questionId: 'q' })).not.toBe(importedAnnotationId({ ...key, sourceId: '7q', questionId: '' }));
  });
});
