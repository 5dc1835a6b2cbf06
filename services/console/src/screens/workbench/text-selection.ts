/** A text selection in code points: anchor stays, focus moves. */
export interface Selection {
  anchor: number;
  focus: number;
}

export const range = (s: Selection) => ({ start: Math.min(s.anchor, s.focus), end: Math.max(s.anchor, s.focus) });

const isSpace = (c: string | undefined) => c === undefined || /\s/u.test(c);

/** The next word boundary from `i` in direction `dir` (like Ctrl+arrow in an editor). */
export function wordBoundary(chars: string[], i: number, dir: 1 | -1): number {
  let j = i;
  if (dir > 0) {
    while (j < chars.length && isSpace(chars[j])) j++;
    while (j < chars.length && !isSpace(chars[j])) j++;
  } else {
    while (j > 0 && isSpace(chars[j - 1])) j--;
    while (j > 0 && !isSpace(chars[j - 1])) j--;
  }
  return j;
}

/** Applies an arrow/Home/End key to a selection; null when the key is not a movement. */
export function moveSelection(
  sel: Selection,
  chars: string[],
  key: string,
  mods: { shift: boolean; word: boolean },
): Selection | null {
  const n = chars.length;
  let f: number;
  switch (key) {
    case 'ArrowRight':
      f = mods.word ? wordBoundary(chars, sel.focus, 1) : Math.min(n, sel.focus + 1);
      break;
    case 'ArrowLeft':
      f = mods.word ? wordBoundary(chars, sel.focus, -1) : Math.max(0, sel.focus - 1);
      break;
    case 'Home':
      f = 0;
      break;
    case 'End':
      f = n;
      break;
    default:
      return null;
  }
  return mods.shift ? { anchor: sel.anchor, focus: f } : { anchor: f, focus: f };
}

/** Cuts [0, n) at every boundary, for rendering runs that share the same marks. */
export function runs(n: number, cuts: number[]): [number, number][] {
  const points = [...new Set([0, n, ...cuts.filter((c) => c > 0 && c < n)])].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push([points[i], points[i + 1]]);
  return out;
}
