import { moveSelection, range, runs, wordBoundary } from './text-selection';

const chars = Array.from('Buy 😀 cheap pills');

describe('text selection', () => {
  it('extends by code points with Shift and moves the caret without it', () => {
    let s = { anchor: 0, focus: 0 };
    s = moveSelection(s, chars, 'ArrowRight', { shift: true, word: false })!;
    s = moveSelection(s, chars, 'ArrowRight', { shift: true, word: false })!;
    expect(range(s)).toEqual({ start: 0, end: 2 });
    s = moveSelection(s, chars, 'ArrowRight', { shift: false, word: false })!;
    expect(s).toEqual({ anchor: 3, focus: 3 });
  });

  it('counts an emoji as one character, as the server does', () => {
    expect(chars[4]).toBe('😀');
    const s = moveSelection({ anchor: 4, focus: 4 }, chars, 'ArrowRight', { shift: true, word: false })!;
    expect(chars.slice(range(s).start, range(s).end).join('')).toBe('😀');
  });

  it('jumps words with Ctrl', () => {
    expect(wordBoundary(chars, 0, 1)).toBe(3);
    expect(wordBoundary(chars, 3, 1)).toBe(5);
    expect(wordBoundary(chars, chars.length, -1)).toBe(chars.length - 5);
  });

  it('ignores keys that are not movements and stays inside the text', () => {
    expect(moveSelection({ anchor: 0, focus: 0 }, chars, 'x', { shift: false, word: false })).toBeNull();
    expect(moveSelection({ anchor: 0, focus: 0 }, chars, 'ArrowLeft', { shift: true, word: false })).toEqual({ anchor: 0, focus: 0 });
    expect(moveSelection({ anchor: 0, focus: 0 }, chars, 'End', { shift: true, word: false })).toEqual({ anchor: 0, focus: chars.length });
  });

  it('cuts the text into runs at every boundary', () => {
    expect(runs(10, [3, 3, 7, 0, 12])).toEqual([
      [0, 3],
      [3, 7],
      [7, 10],
    ]);
  });
});
