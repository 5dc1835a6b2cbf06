import type { MaskSpan } from './pii-masker';

/**
 * Maps a code-point offset in the original text to the masked text. An offset inside a masked
 * occurrence moves to the placeholder's start (`side: 'start'`) or end (`side: 'end'`), so a
 * range over personal data covers its placeholder.
 */
export function toMaskedOffset(spans: readonly MaskSpan[], offset: number, side: 'start' | 'end'): number {
  let delta = 0;
  for (const s of spans) {
    if (s.originalEnd <= offset) {
      delta += s.end - s.start - (s.originalEnd - s.originalStart);
      // an end offset exactly at the end of an occurrence stays after its placeholder
      continue;
    }
    if (s.originalStart < offset) return side === 'start' ? s.start : s.end;
    break;
  }
  return offset + delta;
}
