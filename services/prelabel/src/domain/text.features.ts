/** Sparse feature vector: hashed feature index → value (L2-normalised). */
export type SparseVector = Map<number, number>;

/** 2^18 hashed dimensions: few collisions for the vocabulary of one project and question. */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

/** FNV-1a 32-bit, the hash behind every feature index (stable across processes and versions). */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Lower-cased, HTML and zero-width characters dropped, URLs folded to one token. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ')
    .replace(/[\u200b-\u200f\ufeff]/g, '')
    .replace(/https?:\/\/\S+|www\.\S+/g, ' urltoken ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a text carries enough signal for the local model (at least one letter or digit). */
export function usableText(text: string | undefined): text is string {
  return !!text && /[\p{L}\p{N}]/u.test(text);
}

/**
 * The feature sets a stored model can have been trained on; a model is always served with its own.
 * - 1: word unigrams + bigrams and character 3–5-grams within words, log-scaled counts.
 * - 2 (current): word unigrams + bigrams and character 1–5-grams over the whole normalised text
 *   (across word boundaries, so punctuation, emoji and "word word" joins count), present or not.
 *   Measured with the truth's labels, training on four YouTube spam files and testing on the fifth
 *   (five folds): 0.930 → 0.942 right on average (decision 82).
 */
export type FeatureSet = 1 | 2;
export const CURRENT_FEATURE_SET: FeatureSet = 2;

/**
 * The text's features (see FeatureSet), hashed into 2^FEATURE_BITS dimensions (no vocabulary to
 * store) and L2-normalised.
 */
export function featurize(text: string, set: FeatureSet = CURRENT_FEATURE_SET): SparseVector {
  const t = normalizeText(text);
  const counts = new Map<number, number>();
  const add = (f: string) => {
    const i = fnv1a(f) & MASK;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  };
  const words = t.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    add(`w:${words[i]}`);
    if (i > 0) add(`b:${words[i - 1]} ${words[i]}`);
  }
  if (set === 1) {
    for (const w of words) charGrams(` ${w} `, 3, add);
  } else {
    charGrams(` ${t} `, 1, add);
  }
  add('len:' + Math.min(10, Math.floor(Math.log2(1 + t.length))));
  if (/urltoken/.test(t)) add('has:url');
  let norm = 0;
  for (const [k, v] of counts) {
    const x = set === 1 ? 1 + Math.log(v) : 1;
    counts.set(k, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of counts) counts.set(k, v / norm);
  return counts;
}

/** Every character n-gram of `s`, from `min` to 5 characters. */
function charGrams(s: string, min: number, add: (f: string) => void): void {
  for (let n = min; n <= 5; n++) for (let i = 0; i + n <= s.length; i++) add(`c:${s.slice(i, i + n)}`);
}
