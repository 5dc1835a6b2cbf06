import { PiiMasker } from '@verity/pii';
import { Comment } from './youtube-spam';

export type Truth = Comment['truth'];

const masker = new PiiMasker();

/**
 * What the simulation knows and the platform does not: each comment's true class, by its text
 * (as published, and as the platform shows it once masked) and, once the platform has shown which
 * item a text became, by item id.
 */
export class TruthBook {
  private readonly byText = new Map<string, Truth>();
  private readonly byItem = new Map<string, Truth>();

  add(comments: Comment[]): void {
    for (const c of comments) {
      this.byText.set(c.text, c.truth);
      this.byText.set(maskedText(c.text), c.truth);
    }
  }

  /** The truth of a text seen as an item (and remembers the item). */
  learn(itemId: string, text: string | null | undefined): Truth | undefined {
    const t = this.byText.get(text ?? '');
    if (t) this.byItem.set(itemId, t);
    return t ?? this.byItem.get(itemId);
  }

  ofItem(itemId: string): Truth | undefined {
    return this.byItem.get(itemId);
  }
}

/** A text as the platform shows it (ingestion masks with the same library, default patterns). */
export function maskedText(text: string): string {
  return masker.mask(text).masked;
}
