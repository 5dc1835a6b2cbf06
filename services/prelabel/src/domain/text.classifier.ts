import { fitNbLr, type NbLrOptions } from './nblr.model';
import { featurize, ngramFeatures, type SparseVector } from './text.features';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface ClassifierOptions extends Omit<NbLrOptions, 'maxIterations'> {
  /** Cap on optimizer iterations (L-BFGS; each is about one pass over the data). */
  epochs: number;
  /** Seed of the fold order in trainLocalModel; the fit itself is deterministic. */
  seed: number;
}

/**
 * Standard settings, not fitted to any data set: C = 1 (LIBLINEAR / scikit-learn), β = 0.25 and
 * α = 1 (Wang & Manning 2012); 100 L-BFGS iterations (scikit-learn's cap).
 */
export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = { c: 1, beta: 1, alpha: 1, epochs: 100, seed: 7 };

/** Serialised form (what the models table stores). */
export type ClassifierState = NbLrState | SoftmaxState;

/** NB-LR on n-gram indicators: one scorer for two classes (classes[1] positive), else one per class (one-vs-rest). */
export interface NbLrState {
  kind: 'nblr-ngrams';
  classes: string[];
  /** Bias per scorer. */
  bias: number[];
  /** [featureIndex, ...effective weight per scorer] for every feature seen in training. */
  weights: number[][];
}

/** Models stored before NB-LR: softmax regression on `featurize`. Still served, no longer trained. */
export interface SoftmaxState {
  kind: 'softmax-hashed-ngrams';
  classes: string[];
  bias: number[];
  /** [featureIndex, ...weights per class] for every feature seen in training. */
  weights: number[][];
}

/** Small deterministic PRNG (mulberry32): training is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Text classifier on hashed word 1–2-grams and character 2–5-grams: NB-LR (domain/nblr.model),
 * one binary scorer for two classes, one-vs-rest for more (probabilities = the scorers'
 * sigmoids, normalised). Written here (no downloads, no native code), deterministic.
 */
export class TextClassifier {
  private constructor(
    readonly classes: string[],
    private readonly kind: ClassifierState['kind'],
    private readonly bias: Float64Array,
    private readonly weights: Map<number, Float64Array>,
  ) {}

  static train(examples: TrainingExample[], classes: string[], opts: Partial<ClassifierOptions> = {}): TextClassifier {
    const o = { ...DEFAULT_CLASSIFIER_OPTIONS, ...opts };
    if (classes.length < 2) throw new Error(`classes: needs at least two, got ${classes.length}`);
    const index = new Map(classes.map((c, i) => [c, i]));
    const data = examples.filter((e) => index.has(e.label));
    // Hashed features → dense columns of this training set.
    const column = new Map<number, number>();
    const features: number[] = [];
    const rows = data.map((e) =>
      ngramFeatures(e.text).map((f) => {
        let c = column.get(f);
        if (c === undefined) {
          c = features.length;
          column.set(f, c);
          features.push(f);
        }
        return c;
      }),
    );
    const labels = data.map((e) => index.get(e.label)!);
    const positives = classes.length === 2 ? [1] : classes.map((_, i) => i);
    const fits = positives.map((k) =>
      fitNbLr(
        rows,
        labels.map((y) => y === k),
        features.length,
        { c: o.c, beta: o.beta, alpha: o.alpha, maxIterations: o.epochs },
      ),
    );
    const weights = new Map<number, Float64Array>();
    features.forEach((f, c) => weights.set(f, Float64Array.from(fits, (fit) => fit.weights[c]!)));
    return new TextClassifier([...classes], 'nblr-ngrams', Float64Array.from(fits, (f) => f.bias), weights);
  }

  /** Class probabilities, in the order of `classes`. */
  predictProba(text: string): number[] {
    if (this.kind === 'softmax-hashed-ngrams') {
      const p = new Float64Array(this.classes.length);
      softmaxInto(p, this.bias, this.weights, featurize(text));
      return [...p];
    }
    const scores = Float64Array.from(this.bias);
    for (const f of ngramFeatures(text)) {
      const w = this.weights.get(f);
      if (w) for (let m = 0; m < w.length; m++) scores[m]! += w[m]!;
    }
    if (this.classes.length === 2) {
      const p = sigmoid(scores[0]!);
      return [1 - p, p];
    }
    const s = Array.from(scores, sigmoid);
    const sum = s.reduce((a, b) => a + b, 0);
    return sum > 0 ? s.map((x) => x / sum) : s.map(() => 1 / s.length);
  }

  /** Top class and its probability. */
  predict(text: string): { label: string; confidence: number; probabilities: Record<string, number> } {
    const p = this.predictProba(text);
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
    return {
      label: this.classes[best]!,
      confidence: p[best]!,
      probabilities: Object.fromEntries(this.classes.map((c, i) => [c, p[i]!])),
    };
  }

  toState(): ClassifierState {
    const weights: number[][] = [];
    for (const [f, w] of this.weights) weights.push([f, ...Array.from(w, (x) => Math.round(x * 1e6) / 1e6)]);
    return { kind: this.kind, classes: this.classes, bias: [...this.bias], weights };
  }

  static fromState(s: ClassifierState): TextClassifier {
    if (s.kind !== 'nblr-ngrams' && s.kind !== 'softmax-hashed-ngrams') throw new Error(`state.kind: unknown classifier "${String((s as { kind: unknown }).kind)}"`);
    const weights = new Map<number, Float64Array>();
    for (const [f, ...w] of s.weights) weights.set(f!, Float64Array.from(w));
    return new TextClassifier(s.classes, s.kind, Float64Array.from(s.bias), weights);
  }
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Softmax regression scores of the models stored before NB-LR. */
function softmaxInto(out: Float64Array, bias: Float64Array, weights: Map<number, Float64Array>, x: SparseVector): void {
  const k = bias.length;
  for (let c = 0; c < k; c++) out[c] = bias[c]!;
  for (const [f, v] of x) {
    const w = weights.get(f);
    if (!w) continue;
    for (let c = 0; c < k; c++) out[c]! += w[c]! * v;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, out[c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    out[c] = Math.exp(out[c]! - max);
    sum += out[c]!;
  }
  for (let c = 0; c < k; c++) out[c]! /= sum;
}
