import { STARTER_BOX, fromPoints, nudge } from './box-geometry';

describe('box geometry', () => {
  it('normalises a drag in any direction and clamps it to the image', () => {
    expect(fromPoints(0.8, 0.9, 0.2, 0.1)).toEqual({ x: 0.2, y: 0.1, width: 0.6, height: 0.8 });
    expect(fromPoints(-0.5, 0.5, 1.5, 0.7)).toEqual({ x: 0, y: 0.5, width: 1, height: 0.2 });
  });

  it('moves a box with arrows and resizes it with Shift, never outside [0, 1]', () => {
    expect(nudge(STARTER_BOX, 'ArrowRight', false)).toEqual({ ...STARTER_BOX, x: 0.37 });
    expect(nudge(STARTER_BOX, 'ArrowDown', true)).toEqual({ ...STARTER_BOX, height: 0.32 });
    let b = STARTER_BOX;
    for (let i = 0; i < 100; i++) b = nudge(b, 'ArrowRight', false)!;
    expect(b.x + b.width).toBeCloseTo(1, 6);
    expect(nudge(STARTER_BOX, 'Enter', false)).toBeNull();
  });
});
