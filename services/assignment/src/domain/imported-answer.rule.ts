import { createHash } from 'node:crypto';

/** What makes an imported answer unique: posting it again is a duplicate. */
export interface ImportedAnswerKey {
  projectId: string;
  source: string;
  sourceId: string;
  questionId: string;
  annotatorId: string;
  externalId: string;
}

/** RFC 4122 UUIDv5 (SHA-1) of `name` in the namespace `namespace` (a UUID). */
export function uuidv5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Namespace of imported annotation ids (a random UUID, chosen once: never change it).
const IMPORTED_ANSWERS = '6f1d3a0c-5b7e-4e0f-9a41-c2d8e7b93a55';

/**
 * The annotation id of an imported answer: a UUIDv5 of its key, so the same answer gets the same
 * id whenever it is posted.
 */
export function importedAnnotationId(k: ImportedAnswerKey): string {
  return uuidv5(IMPORTED_ANSWERS, [k.projectId, k.source, k.sourceId, k.questionId, k.annotatorId, k.externalId].join('\u0000'));
}

export type SlotState = 'open' | 'leased' | 'done' | 'void';

/**
 * Where an imported answer goes: an existing open slot, or a slot added to the task. `counts`:
 * it is one of the task's N distinct answers (false for a second answer of the same annotator,
 * which quality records but does not count, so it must leave the open slots to others).
 */
export interface SlotChoice {
  slotNo: number;
  added: boolean;
  counts: boolean;
}

/**
 * Slots for imported answers to one task, given their annotators in order and those who already
 * answered the task: a new annotator's answer takes an open slot, lowest number first, else a new
 * slot after the highest number (the task then wants that many more answers); a repeat answer
 * always gets a new slot of its own. A leased slot stays with whoever holds it, and no imported
 * answer is ever dropped for want of a slot.
 */
export function slotsForImports(
  slots: readonly { slotNo: number; state: SlotState }[],
  annotators: readonly string[],
  answeredBefore: ReadonlySet<string> = new Set(),
): SlotChoice[] {
  const open = slots.filter((s) => s.state === 'open').map((s) => s.slotNo).sort((a, b) => a - b);
  let next = slots.reduce((max, s) => Math.max(max, s.slotNo), 0) + 1;
  const seen = new Set(answeredBefore);
  return annotators.map((annotator) => {
    if (seen.has(annotator)) return { slotNo: next++, added: true, counts: false };
    seen.add(annotator);
    const slotNo = open.shift();
    return slotNo !== undefined ? { slotNo, added: false, counts: true } : { slotNo: next++, added: true, counts: true };
  });
}
