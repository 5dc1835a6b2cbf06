import { PiiMasker } from '@verity/pii';
import { Comment } from './youtube-spam';

export type Truth = Comment['truth'];

const masker = new PiiMasker();

/** The text annotators are shown for a comment: ingestion masks PII with the same built-in patterns. */
export const maskedTextOf = (text: string): string => masker.mask(text).masked;

/**
 * What the simulation knows and the platform does not: each comment's true class, by its text
 * (as written and as masked) and, once the platform has shown which item a text became, by item id.
 */
export class TruthBook {
  private readonly byText = new Map<string, Comment>();
  private readonly byItem = new Map<string, Truth>();

  add(comments: Comment[]): void {
    for (const c of comments) {
      this.byText.set(c.text, c);
      this.byText.set(maskedTextOf(c.text), c);
    }
  }

  /** The truth of a text seen as an item (and remembers the item). */
  learn(itemId: string, text: string | null | undefined): Truth | undefined {
    const t = this.byText.get(text ?? '')?.truth;
    if (t) this.byItem.set(itemId, t);
    return t ?? this.byItem.get(itemId);
  }

  ofItem(itemId: string): Truth | undefined {
    return this.byItem.get(itemId);
  }

  /**
   * For a text shown to a person: whether its comment carried synthetic PII, and whether any of
   * it is visible in what was shown (a leak).
   */
  piiShown(text: string | null | undefined): { carried: boolean; leaked: boolean } {
    const c = this.byText.get(text ?? '');
    const pii = c?.pii ?? [];
    return { carried: pii.length > 0, leaked: pii.some((v) => (text ?? '').includes(v)) };
  }
}
