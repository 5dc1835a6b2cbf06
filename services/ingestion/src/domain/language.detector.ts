import { LETTER_HINTS, STOP_WORDS } from './stop-words.data';

export interface LanguageGuess {
  /** ISO 639-1 code, or "und" when the text does not say clearly enough. */
  language: string;
  /** In [0, 1]: the best language's share of the evidence, scaled down for little evidence. */
  confidence: number;
}

export interface LanguageDetectorOptions {
  /** Below this confidence the answer is "und". Default 0.5. */
  minConfidence?: number;
  /** Fewer stop-word hits than this gives "und". Default 2. */
  minEvidence?: number;
}

const LETTER_WEIGHT = 0.5;
/** Evidence (weighted hits) at which the confidence is no longer scaled down. */
const FULL_EVIDENCE = 6;

/**
 * A small stop-word detector for en, es, fr, de, pt, it, nl. Each word of the text that is a
 * stop word of k languages gives each of them 1/k; distinctive letters (ñ, ß, ã…) add a little.
 * Only the first 2,000 words are read: routing needs a language, not a census.
 */
export class LanguageDetector {
  private readonly words = new Map<string, string[]>();
  private readonly minConfidence: number;
  private readonly minEvidence: number;
  readonly languages: string[];

  constructor(opts: LanguageDetectorOptions = {}) {
    this.minConfidence = opts.minConfidence ?? 0.5;
    this.minEvidence = opts.minEvidence ?? 2;
    this.languages = Object.keys(STOP_WORDS);
    for (const [lang, list] of Object.entries(STOP_WORDS)) {
      for (const w of list.split(/\s+/).filter(Boolean)) {
        const langs = this.words.get(w) ?? [];
        if (!langs.includes(lang)) langs.push(lang);
        this.words.set(w, langs);
      }
    }
  }

  detect(text: string): LanguageGuess {
    const scores = new Map<string, number>(this.languages.map((l) => [l, 0]));
    const lower = text.toLowerCase();
    const tokens = lower.match(/[\p{L}']+/gu)?.slice(0, 2000) ?? [];
    let hits = 0;
    for (const raw of tokens) {
      const t = raw.replace(/^'+|'+$/g, '');
      const langs = this.words.get(t) ?? (t.includes("'") ? this.words.get(t.split("'")[0] + "'") : undefined);
      if (!langs) continue;
      hits++;
      for (const l of langs) scores.set(l, scores.get(l)! + 1 / langs.length);
    }
    for (const [letters, langs] of Object.entries(LETTER_HINTS)) {
      const n = Math.min(3, lower.split(letters).length - 1);
      if (n > 0) for (const l of langs) scores.set(l, scores.get(l)! + (LETTER_WEIGHT * n) / langs.length);
    }
    const total = [...scores.values()].reduce((a, b) => a + b, 0);
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const [best, score] = ranked[0];
    if (hits < this.minEvidence || total === 0) return { language: 'und', confidence: 0 };
    const share = score / total;
    const confidence = Math.round(share * Math.min(1, total / FULL_EVIDENCE) * 1000) / 1000;
    return confidence >= this.minConfidence ? { language: best, confidence } : { language: 'und', confidence };
  }
}
