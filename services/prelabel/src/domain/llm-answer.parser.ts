import { z } from '@verity/config';

export type LlmFailure = 'malformed' | 'out_of_ontology' | 'refused' | 'timeout' | 'unavailable';

export type ParsedAnswer = { ok: true; optionId: string; confidence: number } | { ok: false; failure: LlmFailure; detail: string };

const shape = z.object({ option_id: z.string(), confidence: z.number().min(0).max(1) });

/**
 * Validates the model's message against the ontology: JSON (a ```json fence is tolerated, for
 * servers that ignore response_format), the two fields, and an option id of the question.
 */
export function parseAnswer(content: string | null | undefined, optionIds: string[]): ParsedAnswer {
  if (!content || !content.trim()) return { ok: false, failure: 'malformed', detail: 'empty answer' };
  const text = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, failure: 'malformed', detail: `not JSON: ${text.slice(0, 120)}` };
  }
  const r = shape.safeParse(json);
  if (!r.success) return { ok: false, failure: 'malformed', detail: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  if (!optionIds.includes(r.data.option_id))
    return { ok: false, failure: 'out_of_ontology', detail: `option_id "${r.data.option_id.slice(0, 80)}" is not an option of the question` };
  return { ok: true, optionId: r.data.option_id, confidence: r.data.confidence };
}
