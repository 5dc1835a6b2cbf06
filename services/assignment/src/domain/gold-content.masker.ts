import type { Answer } from '@verity/contracts';
import { PiiMasker, toMaskedOffset } from '@verity/pii';

const codePointSlice = (s: string, start: number, end: number) => [...s].slice(start, end).join('');

/**
 * Gold content is masked like ingested content, so annotators see the same placeholders on gold
 * and on real items. The expected answer was given (and validated) against the original text:
 * its text spans move onto the masked text (a span over personal data covers the placeholder),
 * their informative `text` and a free-text answer are masked too.
 */
export function maskGoldContent(masker: PiiMasker, text: string | undefined, expected: Answer): { maskedText: string | null; expected: Answer } {
  if (text === undefined) return { maskedText: null, expected };
  const { masked, spans } = masker.mask(text);
  const v = expected.value;
  if (v.case === 'textSpans') {
    for (const s of v.value.spans) {
      const start = toMaskedOffset(spans, s.start, 'start');
      const end = toMaskedOffset(spans, s.end, 'end');
      s.start = start;
      s.end = end;
      if (s.text) s.text = codePointSlice(masked, start, end);
    }
  } else if (v.case === 'freeText') {
    v.value.text = masker.mask(v.value.text).masked;
  }
  return { maskedText: masked, expected };
}
