import type { Option } from '../api/types';

/** proto3 JSON leaves out numbers that are 0 (a span from the first character, a segment from the start). */
const num = (v: number | undefined): number => v ?? 0;

/** A one-line, human-readable form of an answer (option labels where the ids are known). */
export function answerText(answer: unknown, options: Option[] = []): string {
  const label = (id: string) => options.find((o) => o.id === id)?.label ?? id;
  const a = (answer ?? {}) as Record<string, Record<string, unknown[]> & { text?: string }>;
  if (a.choice) return (a.choice.optionIds as string[]).map(label).join(', ');
  if (a.freeText) return String(a.freeText.text ?? '');
  if (a.textSpans) return (a.textSpans.spans as { start?: number; end?: number; optionId: string; text?: string }[]).map((s) => `${label(s.optionId)}: “${s.text ?? ''}” (${num(s.start)}–${num(s.end)})`).join('; ');
  if (a.timeSegments) return (a.timeSegments.segments as { startMs?: number; endMs?: number; optionId: string }[]).map((s) => `${label(s.optionId)} ${num(s.startMs)}–${num(s.endMs)} ms`).join('; ');
  if (a.boxes) return (a.boxes.boxes as { x?: number; y?: number; width?: number; height?: number; optionId: string }[]).map((b) => `${label(b.optionId)} [${num(b.x)}, ${num(b.y)}, ${num(b.width)}×${num(b.height)}]`).join('; ');
  if (typeof answer === 'string') return label(answer);
  return answer == null ? '—' : JSON.stringify(answer);
}

/** The distinguishing end of an id (UUIDv7s share their leading, time-based digits). */
export function shortId(id: string): string {
  return id.length > 8 ? `…${id.slice(-8)}` : id;
}
