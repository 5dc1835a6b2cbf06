import type { Answer } from '../gen/verity/common/v1/answer_pb';

/** Option ids a label names: its label, and the options of its answer (choice, spans, segments, boxes). */
export function labelOptionIds(l: { label: string; answer?: Answer }): string[] {
  const ids = new Set<string>();
  if (l.label) ids.add(l.label);
  const v = l.answer?.value;
  if (v?.case === 'choice') v.value.optionIds.forEach((o) => ids.add(o));
  if (v?.case === 'textSpans') v.value.spans.forEach((s) => ids.add(s.optionId));
  if (v?.case === 'timeSegments') v.value.segments.forEach((s) => ids.add(s.optionId));
  if (v?.case === 'boxes') v.value.boxes.forEach((b) => ids.add(b.optionId));
  return [...ids];
}
