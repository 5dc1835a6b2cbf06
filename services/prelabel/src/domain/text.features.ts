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
 * Word unigrams + bigrams and character 3–5-grams (within word boundaries), hashed into
 * 2^FEATURE_BITS dimensions, log-scaled counts, L2-normalised. No vocabulary to store.
 */
export function featurize(text: string): SparseVector {
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
  for (const w of words) {
    const s = ` ${w} `;
    for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= s.length; i++) add(`c:${s.slice(i, i + n)}`);
  }
  add('len:' + Math.min(10, Math.floor(Math.log2(1 + t.length))));
  if (/urltoken/.test(t)) add('has:url');
  let norm = 0;
  for (const [k, v] of counts) {
    const x = 1 + Math.log(v);
    counts.set(k, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of counts) counts.set(k, v / norm);
  return counts;
}
