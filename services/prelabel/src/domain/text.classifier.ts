import { CURRENT_FEATURE_SET, featurize, type FeatureSet, type SparseVector } from './text.features';

export interface TrainingExample {
  text: string;
  label: string;
  /** How sure the label is (its posterior or stated confidence), when known. */
  confidence?: number;
  /**
   * A soft label (probability per class, e.g. the label model's posterior): the example is
   * trained towards it instead of towards `label` alone (cross-entropy against a distribution).
   */
  soft?: Readonly<Record<string, number>>;
  /**
   * How many arriving items the example stands for when its held-out answer is scored (default
   * 1; see calibration.math Scored.weight): it weighs the coverage a threshold reports, not the
   * training.
   */
  weight?: number;
}

export interface ClassifierOptions {
  /** Passes over the data. */
  epochs: number;
  /** L2 penalty per example. */
  l2: number;
  /** AdaGrad base learning rate. */
  learningRate: number;
  /** Seed of the example order. */
  seed: number;
  /** The feature set to train on (text.features); the current one unless comparing. */
  features: FeatureSet;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = { epochs: 8, l2: 1e-4, learningRate: 0.05, seed: 7, features: CURRENT_FEATURE_SET };

/** Serialised form (what the models table stores). */
export interface ClassifierState {
  kind: 'softmax-hashed-ngrams';
  /** The feature set it was trained on (text.features; absent in models stored before set 2: 1). */
  features?: FeatureSet;
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
 * Multinomial logistic regression on hashed word and character n-grams, trained with AdaGrad
 * SGD. Written here (no downloads, no native code); fits a few thousand short texts in well
 * under a second on one core.
 */
export class TextClassifier {
  private constructor(
    readonly classes: string[],
    private readonly bias: Float64Array,
    private readonly weights: Map<number, Float64Array>,
    readonly features: FeatureSet = CURRENT_FEATURE_SET,
  ) {}

  /**
   * `afterEpoch` sees the model as it stands after each pass (1-based count), while it trains:
   * what held-out answers look like after fewer passes, from one run.
   */
  static train(
    examples: TrainingExample[],
    classes: string[],
    opts: Partial<ClassifierOptions> = {},
    afterEpoch?: (epochs: number, model: TextClassifier) => void,
  ): TextClassifier {
    const o = { ...DEFAULT_CLASSIFIER_OPTIONS, ...opts };
    const k = classes.length;
    const index = new Map(classes.map((c, i) => [c, i]));
    const data = examples
      .filter((e) => index.has(e.label))
      .map((e) => ({ x: featurize(e.text, o.features), t: targetOf(e, classes, index) }));
    const bias = new Float64Array(k);
    const biasG = new Float64Array(k).fill(1e-8);
    const weights = new Map<number, Float64Array>();
    const grads = new Map<number, Float64Array>();
    const random = rng(o.seed);
    const p = new Float64Array(k);
    const model = new TextClassifier([...classes], bias, weights, o.features);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (const { x, t } of shuffle(data, random)) {
        softmaxInto(p, bias, weights, x);
        for (let c = 0; c < k; c++) {
          const g = p[c]! - t[c]!;
          biasG[c]! += g * g;
          bias[c]! -= (o.learningRate * g) / Math.sqrt(biasG[c]!);
        }
        for (const [f, v] of x) {
          let w = weights.get(f);
          let gs = grads.get(f);
          if (!w || !gs) {
            w = new Float64Array(k);
            gs = new Float64Array(k).fill(1e-8);
            weights.set(f, w);
            grads.set(f, gs);
          }
          for (let c = 0; c < k; c++) {
            const g = (p[c]! - t[c]!) * v + o.l2 * w[c]!;
            gs[c]! += g * g;
            w[c]! -= (o.learningRate * g) / Math.sqrt(gs[c]!);
          }
        }
      }
      afterEpoch?.(epoch + 1, model);
    }
    return model;
  }

  /** Class probabilities, in the order of `classes`. */
  predictProba(text: string): number[] {
    return this.probaOf(featurize(text, this.features));
  }

  /** Class probabilities of a text already featurized with this model's feature set (one featurization for many predictions). */
  probaOf(x: SparseVector): number[] {
    const p = new Float64Array(this.classes.length);
    softmaxInto(p, this.bias, this.weights, x);
    return [...p];
  }

  /** Top class and its probability. */
  predict(text: string): { label: string; confidence: number; probabilities: Record<string, number> } {
    return this.topOf(this.predictProba(text));
  }

  /** Top class and its probability, from probabilities in the order of `classes`. */
  topOf(p: readonly number[]): { label: string; confidence: number; probabilities: Record<string, number> } {
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
    return { kind: 'softmax-hashed-ngrams', features: this.features, classes: this.classes, bias: [...this.bias], weights };
  }

  static fromState(s: ClassifierState): TextClassifier {
    const weights = new Map<number, Float64Array>();
    for (const [f, ...w] of s.weights) weights.set(f!, Float64Array.from(w));
    return new TextClassifier(s.classes, Float64Array.from(s.bias), weights, s.features ?? 1);
  }
}

/** The distribution an example is trained towards: its soft label (renormalised over `classes`), else one-hot on its label. */
function targetOf(e: TrainingExample, classes: readonly string[], index: ReadonlyMap<string, number>): Float64Array {
  const t = new Float64Array(classes.length);
  if (e.soft) {
    let sum = 0;
    classes.forEach((c, i) => {
      const v = e.soft![c] ?? 0;
      t[i] = Number.isFinite(v) && v > 0 ? v : 0;
      sum += t[i]!;
    });
    if (sum > 0) {
      for (let i = 0; i < t.length; i++) t[i]! /= sum;
      return t;
    }
  }
  t[index.get(e.label)!] = 1;
  return t;
}

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
