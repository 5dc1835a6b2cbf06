/** A box in image coordinates normalised to [0, 1]. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp = (v: number, lo = 0, hi = 1) => Math.min(hi, Math.max(lo, v));
const round = (v: number) => Math.round(v * 10000) / 10000;

/** The rectangle between two dragged points, inside the image. */
export function fromPoints(ax: number, ay: number, bx: number, by: number): Rect {
  const x0 = clamp(Math.min(ax, bx));
  const y0 = clamp(Math.min(ay, by));
  const x1 = clamp(Math.max(ax, bx));
  const y1 = clamp(Math.max(ay, by));
  return { x: round(x0), y: round(y0), width: round(x1 - x0), height: round(y1 - y0) };
}

export const MIN_SIZE = 0.01;
export const STEP = 0.02;

/** Moves (or, with resize, grows) a box by one keyboard step, keeping it inside the image. */
export function nudge(r: Rect, key: string, resize: boolean): Rect | null {
  const d = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] }[key];
  if (!d) return null;
  if (resize) {
    const width = clamp(r.width + d[0], MIN_SIZE, 1 - r.x);
    const height = clamp(r.height + d[1], MIN_SIZE, 1 - r.y);
    return { ...r, width: round(width), height: round(height) };
  }
  return { ...r, x: round(clamp(r.x + d[0], 0, 1 - r.width)), y: round(clamp(r.y + d[1], 0, 1 - r.height)) };
}

export const STARTER_BOX: Rect = { x: 0.35, y: 0.35, width: 0.3, height: 0.3 };
