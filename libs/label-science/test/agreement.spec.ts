import {
  buildAnswers,
  cohenKappa,
  cohenKappaFromTable,
  fleissKappa,
  fleissKappaFromCounts,
  krippendorffAlpha,
  lightKappa,
  pairwiseAgreement,
  percentAgreement,
  agreementReport,
  type AnswerRow,
  type Defined,
} from '../src';

function value<T>(d: Defined<T>): T {
  if (!d.defined) throw new Error(`undefined: ${d.reason}`);
  return d.value;
}

/** Expands a rows × categories count table into answer rows (rater ids are arbitrary). */
function fromCounts(counts: number[][], classes: string[]): AnswerRow[] {
  const out: AnswerRow[] = [];
  counts.forEach((row, i) => {
    let r = 0;
    row.forEach((n, c) => {
      for (let k = 0; k < n; k++) out.push({ item: `s${i}`, worker: `r${r++}`, label: classes[c] });
    });
  });
  return out;
}

describe("Cohen's kappa", () => {
  // Hand computation (the 2×2 example reproduced on Wikipedia's "Cohen's kappa" page):
  // 50 items; both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
  // p_o = 35/50 = 0.70; p_e = (25/50)(30/50) + (25/50)(20/50) = 0.30 + 0.20 = 0.50;
  // kappa = (0.70 − 0.50) / (1 − 0.50) = 0.40.
  const table = [
    [20, 5],
    [10, 15],
  ];

  it('matches the hand computation from a table', () => {
    const k = value(cohenKappaFromTable(table));
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it('matches from answers, and ignores items only one rater saw', () => {
    const rows: AnswerRow[] = [];
    let i = 0;
    const add = (a: string, b: string, n: number) => {
      for (let k = 0; k < n; k++, i++) {
        rows.push(
          { item: `i${i}`, worker: 'A', label: a },
          { item: `i${i}`, worker: 'B', label: b },
        );
      }
    };
    add('yes', 'yes', 20);
    add('yes', 'no', 5);
    add('no', 'yes', 10);
    add('no', 'no', 15);
    rows.push({ item: 'only-a', worker: 'A', label: 'no' });
    const a = buildAnswers(rows);
    expect(value(cohenKappa(a, 'A', 'B')).kappa).toBeCloseTo(0.4, 12);
    expect(value(cohenKappa(a, 'A', 'B')).items).toBe(50);
    // Two raters: percent agreement is the share of items they agree on.
    expect(value(percentAgreement(buildAnswers(rows.slice(0, -1))))).toBeCloseTo(0.7, 12);
    expect(value(agreementReport(a).cohenKappa!).kappa).toBeCloseTo(0.4, 12);
  });

  it('is undefined, not NaN, when only one class is present or nothing is shared', () => {
    const one = cohenKappaFromTable([
      [10, 0],
      [0, 0],
    ]);
    expect(one).toEqual({ defined: false, reason: expect.stringContaining('only one class') });
    expect(cohenKappaFromTable([[0]]).defined).toBe(false);
    const a = buildAnswers([
      { item: 'x', worker: 'A', label: 'p' },
      { item: 'y', worker: 'B', label: 'q' },
    ]);
    expect(cohenKappa(a, 'A', 'B')).toEqual({
      defined: false,
      reason: 'the two raters share no item',
    });
    expect(cohenKappa(a, 'A', 'Z').defined).toBe(false);
  });

  it("Light's kappa averages pairwise kappas", () => {
    const rows: AnswerRow[] = [];
    const labels = ['a', 'b', 'a', 'b', 'a', 'a', 'b', 'b', 'a', 'b', 'a', 'b'];
    labels.forEach((l, i) => {
      rows.push({ item: `i${i}`, worker: 'w1', label: l });
      rows.push({ item: `i${i}`, worker: 'w2', label: l });
      rows.push({ item: `i${i}`, worker: 'w3', label: i < 6 ? l : l === 'a' ? 'b' : 'a' });
    });
    const a = buildAnswers(rows);
    const k12 = value(cohenKappa(a, 'w1', 'w2')).kappa;
    const k13 = value(cohenKappa(a, 'w1', 'w3')).kappa;
    const k23 = value(cohenKappa(a, 'w2', 'w3')).kappa;
    const light = value(lightKappa(a));
    expect(light.pairs).toBe(3);
    expect(light.kappa).toBeCloseTo((k12 + k13 + k23) / 3, 12);
    expect(lightKappa(a, { minOverlap: 13 }).defined).toBe(false);
  });
});

describe("Fleiss' kappa", () => {
  // The worked example on Wikipedia's "Fleiss' kappa" page (10 subjects, 14 raters,
  // 5 categories): P̄ = 0.378, P̄e = 0.213, kappa = 0.210. (It is an illustration of
  // Fleiss (1971)'s formula, not the paper's own psychiatric data.)
  const counts = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('reproduces the worked example from counts', () => {
    const k = value(fleissKappaFromCounts(counts));
    expect(k.observed).toBeCloseTo(0.378, 3);
    expect(k.expected).toBeCloseTo(0.213, 3);
    expect(k.kappa).toBeCloseTo(0.21, 3);
  });

  it('gives the same from answers; P̄ is the mean pairwise agreement', () => {
    const a = buildAnswers(fromCounts(counts, ['1', '2', '3', '4', '5']));
    expect(value(fleissKappa(a)).kappa).toBeCloseTo(value(fleissKappaFromCounts(counts)).kappa, 12);
    const pw = pairwiseAgreement(a);
    expect(value(pw.mean)).toBeCloseTo(value(fleissKappa(a)).observed, 12);
    // Subject 1: all 14 raters agree → 1; subject 6: 7/7 split → 2·7·6 / (14·13) = 6/13.
    expect(pw.perItem[0]).toBe(1);
    expect(pw.perItem[5]).toBeCloseTo(6 / 13, 12);
  });

  it('is undefined with a single class or no item rated twice', () => {
    expect(
      fleissKappaFromCounts([
        [3, 0],
        [2, 0],
      ]),
    ).toEqual({
      defined: false,
      reason: 'only one class present: chance agreement is 1',
    });
    expect(
      fleissKappaFromCounts([
        [1, 0],
        [0, 1],
      ]).defined,
    ).toBe(false);
  });
});

describe('pairwise and percent agreement', () => {
  it('per item (1/(N(N−1))) Σ_{i≠j}[y_i = y_j], with items of one answer marked undefined', () => {
    const a = buildAnswers([
      { item: 'x', worker: 'a', label: 'p' },
      { item: 'x', worker: 'b', label: 'p' },
      { item: 'x', worker: 'c', label: 'q' },
      { item: 'y', worker: 'a', label: 'q' },
    ]);
    const pw = pairwiseAgreement(a);
    // x: ordered pairs agreeing = (a,b),(b,a) → 2 / (3·2) = 1/3.
    expect(pw.perItem[0]).toBeCloseTo(1 / 3, 12);
    expect(Array.from(pw.definedItems)).toEqual([1, 0]);
    expect(value(pw.mean)).toBeCloseTo(1 / 3, 12);
    expect(value(percentAgreement(a))).toBeCloseTo(1 / 3, 12);
  });

  it('weights items by their pairs in percent agreement', () => {
    const a = buildAnswers([
      ...['p', 'p', 'p', 'p'].map((label, w) => ({ item: 'x', worker: `w${w}`, label })),
      { item: 'y', worker: 'w0', label: 'p' },
      { item: 'y', worker: 'w1', label: 'q' },
    ]);
    expect(value(pairwiseAgreement(a).mean)).toBeCloseTo(0.5, 12); // (1 + 0) / 2
    expect(value(percentAgreement(a))).toBeCloseTo(12 / 14, 12); // 12 agreeing of 12 + 2 pairs
  });

  it('reports undefined when no item has two answers', () => {
    const a = buildAnswers([{ item: 'x', worker: 'a', label: 'p' }]);
    expect(pairwiseAgreement(a).mean).toEqual({
      defined: false,
      reason: 'no item has two or more answers',
    });
    expect(percentAgreement(a).defined).toBe(false);
  });
});

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
  // 12 units, values 1–5, missing answers ('.'). Published: nominal 0.743, ordinal 0.815,
  // interval 0.849, ratio 0.797. Unit 12 has a single value and is not pairable.
  const data = [
    '1 2 3 3 2 1 4 1 2 . . .',
    '1 2 3 3 2 2 4 1 2 5 . 3',
    '. 3 3 3 2 3 4 2 2 5 1 .',
    '1 2 3 3 2 4 4 1 2 5 1 .',
  ];
  const rows: AnswerRow[] = data.flatMap((line, o) =>
    line
      .split(' ')
      .map((v, u) => ({ item: `u${u + 1}`, worker: `obs${o + 1}`, label: v }))
      .filter((r) => r.label !== '.'),
  );
  const a = buildAnswers(rows);

  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('%s alpha = %f', (metric, expected) => {
    expect(value(krippendorffAlpha(a, { metric })).alpha).toBeCloseTo(expected, 3);
  });

  it("has the paper's coincidence totals: n = 40 pairable values", () => {
    // Hand check of the nominal value. Disagreeing coincidences come from units 2 (2,3,2,2),
    // 6 (1,2,3,4) and 8 (1,1,2,1): 6/3 + 12/3 + 6/3 = 8. Value totals n_1..n_5 = 9, 13, 10, 5, 3.
    // alpha = 1 − (n − 1)·8 / (n² − Σ n_c²) = 1 − 39·8 / (1600 − 384) = 1 − 312/1216 ≈ 0.7434.
    const r = value(krippendorffAlpha(a));
    expect(r.pairable).toBe(40);
    expect(r.observedDisagreement * 40).toBeCloseTo(8, 12);
    expect(r.alpha).toBeCloseTo(1 - 312 / 1216, 12);
  });

  it('uses given values for non-numeric classes and is undefined without them', () => {
    const named = buildAnswers(rows.map((r) => ({ ...r, label: 'abcde'[Number(r.label) - 1] })));
    expect(krippendorffAlpha(named, { metric: 'interval' }).defined).toBe(false);
    const values = { a: 1, b: 2, c: 3, d: 4, e: 5 };
    expect(value(krippendorffAlpha(named, { metric: 'interval', values })).alpha).toBeCloseTo(
      0.849,
      3,
    );
    expect(value(krippendorffAlpha(named, { metric: 'nominal' })).alpha).toBeCloseTo(0.743, 3);
  });

  it('is undefined without variation or pairable values', () => {
    const same = buildAnswers([
      { item: 'x', worker: 'a', label: '1' },
      { item: 'x', worker: 'b', label: '1' },
    ]);
    expect(krippendorffAlpha(same)).toEqual({
      defined: false,
      reason: 'no variation: every pairable value is the same',
    });
    const lone = buildAnswers([{ item: 'x', worker: 'a', label: '1' }]);
    expect(krippendorffAlpha(lone).defined).toBe(false);
  });
});
