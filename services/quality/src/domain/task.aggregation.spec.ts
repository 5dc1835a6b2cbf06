import { autoAggregation, buildAnswers, majorityVote, mulberry32 } from '@verity/label-science';
import { qualitySettings } from '../quality.settings';
import { deserializeParams, dsTaskPosterior, fitClasses, fitCovers, LabelRow, majorityTaskPosterior, refitDawidSkene, serializeParams } from './task.aggregation';

const rows = (item: string, labels: Record<string, string>): LabelRow[] => Object.entries(labels).map(([worker, label]) => ({ item, worker, label }));
const opts = { smoothing: 0.1, priorSmoothing: 1, maxIter: 50 };

// A small project: a, b, c reliable; s answers "spam" always.
const history: LabelRow[] = [
  ...rows('i1', { a: 'ok', b: 'ok', c: 'ok', s: 'spam' }),
  ...rows('i2', { a: 'spam', b: 'spam', c: 'spam', s: 'spam' }),
  ...rows('i3', { a: 'ok', b: 'ok', c: 'spam', s: 'spam' }),
  ...rows('i4', { a: 'ok', b: 'ok', c: 'ok', s: 'spam' }),
  ...rows('g1', { a: 'ok', s: 'spam' }), // honeypot, expected ok
];

describe('task aggregation on label-science', () => {
  it('majority vote: label, vote shares, class-order ties, as the library', () => {
    const p = majorityTaskPosterior(rows('t', { a: 'non-toxic', b: 'harassment', c: 'non-toxic' }));
    expect(p.label).toBe('non-toxic');
    expect(p.posterior.get('non-toxic')).toBeCloseTo(2 / 3, 12);
    expect(p.confidence).toBeCloseTo(2 / 3, 12);
    const lib = majorityVote(buildAnswers(rows('t', { a: 'x', b: 'y' })));
    expect(majorityTaskPosterior(rows('t', { a: 'x', b: 'y' })).label).toBe(lib.labels[0]);
    expect(majorityTaskPosterior(rows('t', { a: 'x', b: 'x' }))).toMatchObject({ label: 'x', confidence: 1 });
  });

  it('refit = the library default (autoAggregation) with gold clamped; the task posterior is its E-step and sums to 1', () => {
    const classes = fitClasses(undefined, ['ok', 'spam'], history.map((r) => r.label));
    const fit = refitDawidSkene(history, classes, new Map([['g1', 'ok']]), undefined, opts)!;
    const lib = autoAggregation(buildAnswers(history, { classes }), { gold: new Map([['g1', 'ok']]), ...opts });
    expect(fit.params.method).toBe('ds'); // stored and scored in confusion form whichever model won
    expect(Array.from(fit.params.confusion)).toEqual(Array.from(lib.params.confusion));
    expect(Array.from(fit.params.priors)).toEqual(Array.from(lib.params.priors));
    // Which model was kept, and why, is the library's choice: the higher BIC.
    expect(fit.model).toBe(lib.params.chosen);
    expect(fit.bic).toEqual(lib.params.bic);
    expect(fit.model).toBe(fit.bic.mace > fit.bic.ds ? 'mace' : 'ds');
    expect(fit.workers.find((w) => w.annotatorId === 's')!.reliability).toBeLessThan(fit.workers.find((w) => w.annotatorId === 'a')!.reliability);

    const task = rows('t9', { a: 'ok', b: 'ok', s: 'spam' });
    expect(fitCovers(fit.params, task)).toBe(true);
    const p = dsTaskPosterior(fit.params, task, opts.smoothing);
    expect(p.label).toBe('ok');
    expect([...p.posterior.values()].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(p.confidence).toBe(p.posterior.get('ok'));
    // The spammer's "spam" is weighed by its confusion matrix: it barely moves the posterior.
    expect(p.confidence).toBeGreaterThan(0.9);
  });

  it('warm-starts from the previous fit, and cold-starts when a class is new', () => {
    const classes = ['ok', 'spam'];
    const first = refitDawidSkene(history, classes, new Map(), undefined, opts)!;
    const again = refitDawidSkene([...history, ...rows('i5', { a: 'ok', b: 'ok', c: 'ok' })], classes, new Map(), first.params, opts)!;
    expect(again.warmStarted).toBe(true);
    const wider = fitClasses(first.params.classNames, [], ['hate']);
    const cold = refitDawidSkene([...history, ...rows('i6', { a: 'hate', b: 'hate' })], wider, new Map(), first.params, opts)!;
    expect(cold.warmStarted).toBe(false);
    expect(cold.params.classNames).toEqual(['hate', 'ok', 'spam']);
  });

  it('prior smoothing keeps an unseen option alive through warm starts', () => {
    const first = refitDawidSkene(rows('i1', { a: 'ok', b: 'ok', c: 'ok' }), ['hate', 'ok', 'spam'], new Map(), undefined, opts)!;
    expect(Math.min(...first.params.priors)).toBeGreaterThan(0);
    const p = dsTaskPosterior(first.params, rows('t', { a: 'hate', b: 'hate', c: 'hate' }), opts.smoothing);
    expect(p.label).toBe('hate');
  });

  it('a fit does not cover unknown annotators or answers; fewer than two classes is no fit', () => {
    const fit = refitDawidSkene(history, ['ok', 'spam'], new Map(), undefined, opts)!;
    expect(fitCovers(fit.params, rows('t', { newcomer: 'ok' }))).toBe(false);
    expect(refitDawidSkene(rows('t', { a: 'ok' }), ['ok'], new Map(), undefined, opts)).toBeNull();
  });

  it('parameters survive storage', () => {
    const fit = refitDawidSkene(history, ['ok', 'spam'], new Map(), undefined, opts)!;
    const s = serializeParams(fit.params);
    const back = deserializeParams(JSON.parse(JSON.stringify({ ...s, confusion: undefined })) && { ...s, confusion: Buffer.from(s.confusion) });
    expect(Array.from(back.confusion)).toEqual(Array.from(fit.params.confusion));
    expect(Array.from(back.priors)).toEqual(Array.from(fit.params.priors));
  });

  describe('a young project (decision 86)', () => {
    // The demo's crowd: right at 0.85, 0.75, 0.7, 0.6 and a spammer at random; three answers per
    // item, 20 items (about 12 answers per annotator); decided when the posterior reaches 0.8.
    const ACC = [0.85, 0.75, 0.7, 0.6, 0.5];
    function decideYoung(diagonalPrior: number) {
      let decided = 0;
      let right = 0;
      let majorityRight = 0;
      for (let seed = 1; seed <= 40; seed++) {
        const rnd = mulberry32(seed);
        const answers: LabelRow[] = [];
        const truth = new Map<string, string>();
        for (let i = 0; i < 20; i++) {
          const t = rnd() < 0.5 ? 'spam' : 'ok';
          truth.set(`i${i}`, t);
          for (const w of [0, 1, 2, 3, 4].sort(() => rnd() - 0.5).slice(0, 3)) {
            answers.push({ item: `i${i}`, worker: `w${w}`, label: rnd() < ACC[w] ? t : t === 'spam' ? 'ok' : 'spam' });
          }
        }
        const fit = refitDawidSkene(answers, ['ok', 'spam'], new Map(), undefined, { ...opts, diagonalPrior })!;
        for (const [item, t] of truth) {
          const task = answers.filter((r) => r.item === item);
          const p = dsTaskPosterior(fit.params, task, opts.smoothing);
          if (p.confidence < 0.8) continue;
          decided++;
          right += Number(p.label === t);
          majorityRight += Number(majorityTaskPosterior(task).label === t);
        }
      }
      return { decided, right: right / decided, majority: majorityRight / decided };
    }

    it('without a prior, its fits trust chance agreement: the labels they decide are worse than majority vote', () => {
      const plain = decideYoung(0);
      expect(plain.right).toBeLessThan(plain.majority - 0.02);
    });

    it("with the setting's diagonal prior, they decide as well as majority vote, and better than without", () => {
      const prior = qualitySettings.QUALITY_DS_DIAGONAL_PRIOR.parse(undefined);
      expect(prior).toBe(2);
      const withPrior = decideYoung(prior);
      expect(withPrior.right).toBeGreaterThanOrEqual(withPrior.majority - 0.01);
      expect(withPrior.right).toBeGreaterThan(decideYoung(0).right + 0.05);
    });
  });
});
