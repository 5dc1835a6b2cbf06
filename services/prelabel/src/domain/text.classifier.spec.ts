import { minimizeLbfgs } from './lbfgs.math';
import { fitNbLr } from './nblr.model';
import { TextClassifier, type ClassifierState } from './text.classifier';
import { featurize, fnv1a, NGRAM_BITS, ngramFeatures } from './text.features';

const hashed = (f: string) => fnv1a(f) & ((1 << NGRAM_BITS) - 1);

describe('n-gram features', () => {
  const f = new Set(ngramFeatures('Free FREE money!! <b>now</b>'));

  it('word unigrams and bigrams of the normalised text', () => {
    for (const g of ['w:free', 'w:money', 'w:now', 'b:free free', 'b:free money', 'b:money now']) expect(f.has(hashed(g))).toBe(true);
    expect(f.has(hashed('w:b'))).toBe(false); // HTML tags dropped
  });

  it('character 2–5-grams within space-padded words, none longer', () => {
    for (const g of ['c: f', 'c:y ', 'c:mo', 'c:mone', 'c: mon', 'c:oney']) expect(f.has(hashed(g))).toBe(true);
    expect(f.has(hashed('c: money'))).toBe(false); // 6 characters
    expect(f.has(hashed('c:e m'))).toBe(false); // across words
  });

  it('binary: each n-gram once, sorted', () => {
    const xs = [...ngramFeatures('free free free')];
    expect(new Set(xs).size).toBe(xs.length);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(ngramFeatures('free')).toEqual(ngramFeatures('free free free').filter((x) => x !== hashed('b:free free')));
  });
});

describe('NB-LR text classifier', () => {
  const spam = ['win free money now', 'free prize click here', 'check out my channel', 'subscribe to my channel for free money', 'click here to win'];
  const ham = ['love this song', 'best song ever', 'her voice is amazing', 'this song brings back memories', 'i love her voice'];
  const examples = [...spam.map((text) => ({ text, label: 'spam' })), ...ham.map((text) => ({ text, label: 'ham' }))];

  it('learns a small separable set, probabilities sum to one', () => {
    const m = TextClassifier.train(examples, ['ham', 'spam']);
    expect(m.predict('free money, click my channel').label).toBe('spam');
    expect(m.predict('what a song, love her').label).toBe('ham');
    const p = m.predictProba('anything at all');
    expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
  });

  it('three classes one-vs-rest', () => {
    const three = [...examples, ...['what time is it', 'when is the next concert', 'what year was this'].map((text) => ({ text, label: 'question' }))];
    const m = TextClassifier.train(three, ['ham', 'spam', 'question']);
    expect(m.predict('when is the concert').label).toBe('question');
    expect(m.predict('free money click here').label).toBe('spam');
    expect(m.predictProba('x').reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('a class without examples gets a finite, low probability', () => {
    const m = TextClassifier.train(examples, ['ham', 'spam', 'other']);
    const p = m.predict('love this song').probabilities;
    expect(Number.isFinite(p.other!)).toBe(true);
    expect(p.other!).toBeLessThan(p.ham!);
  });

  it('deterministic and restorable from its state', () => {
    const a = TextClassifier.train(examples, ['ham', 'spam']);
    const b = TextClassifier.train([...examples], ['ham', 'spam']);
    expect(b.toState()).toEqual(a.toState());
    const back = TextClassifier.fromState(JSON.parse(JSON.stringify(a.toState())) as ClassifierState);
    expect(back.predict('free money').confidence).toBeCloseTo(a.predict('free money').confidence, 4);
  });

  it('still serves a model stored before NB-LR (softmax on featurize), and names an unknown kind', () => {
    const spamFeatures = [...featurize('free money').keys()];
    const legacy: ClassifierState = { kind: 'softmax-hashed-ngrams', classes: ['ham', 'spam'], bias: [0, 0], weights: spamFeatures.map((f) => [f, -3, 3]) };
    expect(TextClassifier.fromState(legacy).predict('free money').label).toBe('spam');
    expect(() => TextClassifier.fromState({ ...legacy, kind: 'other' } as unknown as ClassifierState)).toThrow(/state\.kind/);
  });

  it('NB interpolation β: β = 1 keeps the fitted weights, β = 0 gives every feature the same weight times its NB ratio', () => {
    const rows = [Int32Array.of(0, 1), Int32Array.of(0, 2), Int32Array.of(3), Int32Array.of(3, 2)];
    const positive = [true, true, false, false];
    const full = fitNbLr(rows, positive, 4, { c: 1, beta: 1, alpha: 1, maxIterations: 100 });
    const flat = fitNbLr(rows, positive, 4, { c: 1, beta: 0, alpha: 1, maxIterations: 100 });
    expect(full.weights[0]!).toBeGreaterThan(0); // only in positive rows
    expect(full.weights[3]!).toBeLessThan(0);
    // β = 0: weight_c / r_c is one constant. Smoothed counts p = [3, 2, 2, 1] (Σ 8), q = [1, 1, 2, 3] (Σ 7).
    const r0 = Math.log(3 / 8 / (1 / 7));
    const r3 = Math.log(1 / 8 / (3 / 7));
    expect(flat.weights[0]! / r0).toBeGreaterThan(0);
    expect(flat.weights[0]! / r0).toBeCloseTo(flat.weights[3]! / r3, 10);
    expect(full.weights[0]! / r0).not.toBeCloseTo(full.weights[3]! / r3, 3);
  });
});

describe('L-BFGS', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    const scale = [1, 10, 100];
    const target = [3, -2, 0.5];
    const quadratic = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        f += 0.5 * scale[i]! * (x[i]! - target[i]!) ** 2;
        g[i] = scale[i]! * (x[i]! - target[i]!);
      }
      return f;
    };
    const tight = minimizeLbfgs(quadratic, new Float64Array(3), { maxIterations: 100, tolerance: 1e-10 });
    expect(tight.converged).toBe(true);
    tight.x.forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 6));
    // The default tolerance (gradient 1e-4 of its starting norm) stops close, and sooner.
    const loose = minimizeLbfgs(quadratic, new Float64Array(3), { maxIterations: 100 });
    loose.x.forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 2));
    expect(loose.iterations).toBeLessThanOrEqual(tight.iterations);
  });
});
