import { buildAnswers, drift, mulberry32, type AnswerRow } from '../src';

function week(w: number, pYes: number, agree: number, seed: number): AnswerRow[] {
  const rnd = mulberry32(seed);
  const rows: AnswerRow[] = [];
  for (let i = 0; i < 200; i++) {
    const truth = rnd() < pYes ? 'yes' : 'no';
    for (let k = 0; k < 3; k++) {
      const label = rnd() < agree ? truth : truth === 'yes' ? 'no' : 'yes';
      rows.push({ item: `w${w}-i${i}`, worker: `u${k}`, label, time: w * 7 + rnd() * 6.9 });
    }
  }
  return rows;
}

describe('drift', () => {
  it('flags a shift in label distribution and in agreement, and not a stable week', () => {
    const a = buildAnswers([
      ...week(0, 0.5, 0.9, 1),
      ...week(1, 0.5, 0.9, 2),
      ...week(2, 0.85, 0.65, 3),
    ]);
    const windows = drift(a, { windowSize: 7, start: 0 });
    expect(windows).toHaveLength(3);
    expect(windows[0].distributionChange).toBeNull();
    expect(windows[0].answers).toBe(600);
    const [, stable, shifted] = windows;
    expect(stable.distributionChange).toMatchObject({
      defined: true,
      value: { significant: false },
    });
    expect(stable.agreementChange).toMatchObject({ defined: true, value: { significant: false } });
    expect(shifted.distributionChange).toMatchObject({
      defined: true,
      value: { significant: true },
    });
    expect(shifted.agreementChange).toMatchObject({ defined: true, value: { significant: true } });
    if (!shifted.agreement.defined) throw new Error('agreement undefined');
    expect(shifted.agreement.value).toBeLessThan(0.7);
    const yes = a.classNames.indexOf('yes');
    expect(shifted.distribution[yes]).toBeGreaterThan(windows[1].distribution[yes]);
  });

  it('needs timestamps', () => {
    const a = buildAnswers([{ item: 'x', worker: 'a', label: 'p' }]);
    expect(() => drift(a, { windowSize: 1 })).toThrow(/timestamp/);
  });

  it('reports an empty window as undefined rather than NaN', () => {
    const a = buildAnswers([
      { item: 'x', worker: 'a', label: 'p', time: 0 },
      { item: 'x', worker: 'b', label: 'q', time: 0.5 },
      { item: 'y', worker: 'a', label: 'p', time: 2.5 },
    ]);
    const w = drift(a, { windowSize: 1 });
    expect(w).toHaveLength(3);
    expect(w[1].answers).toBe(0);
    expect(w[1].agreement.defined).toBe(false);
    expect(w[1].distributionChange?.defined).toBe(false);
  });
});
