import type { ConsumerGroupLag, DeadLetterRecord } from '../../api/ops-client';

/** Pure helpers of the operations screen. */

export const MAX_PAYLOAD_CHARS = 20_000;

export type PayloadView = { kind: 'encrypted' } | { kind: 'none' } | { kind: 'text'; text: string; truncated: boolean };

/**
 * A dead letter's payload as pretty JSON text (rendered in a <pre> as a text node, never as
 * markup). A string holding JSON is parsed and re-indented; any other string is shown as is.
 */
export function payloadView(record: { payload: unknown; encrypted: boolean }, maxChars = MAX_PAYLOAD_CHARS): PayloadView {
  if (record.encrypted) return { kind: 'encrypted' };
  const p = record.payload;
  if (p === null || p === undefined) return { kind: 'none' };
  let text: string;
  if (typeof p === 'string') {
    try {
      text = JSON.stringify(JSON.parse(p), null, 2);
    } catch {
      text = p;
    }
  } else {
    try {
      text = JSON.stringify(p, null, 2) ?? String(p);
    } catch {
      text = String(p);
    }
  }
  return text.length > maxChars ? { kind: 'text', text: text.slice(0, maxChars), truncated: true } : { kind: 'text', text, truncated: false };
}

/** Groups with the most lag first, then by name. */
export function sortGroups(groups: readonly ConsumerGroupLag[]): ConsumerGroupLag[] {
  return [...groups].sort((a, b) => b.lag - a.lag || a.group.localeCompare(b.group));
}

export function totalLag(groups: readonly ConsumerGroupLag[]): number {
  return groups.reduce((s, g) => s + (Number.isFinite(g.lag) ? g.lag : 0), 0);
}

/** Where a dead letter came from, in one line: topic, partition and offset, and the consumer group that gave up. */
export function originText(origin: DeadLetterRecord['origin']): { topic: string; position: string | null; group: string | null } {
  const position = origin.partition === null ? null : origin.offset === null ? `${origin.partition}` : `${origin.partition}:${origin.offset}`;
  return { topic: origin.topic, position, group: origin.consumerGroup || null };
}

/** Adds or removes one id, keeping the order records were shown in. */
export function toggle(selected: readonly string[], id: string, on: boolean, order: readonly string[]): string[] {
  const set = new Set(selected);
  if (on) set.add(id);
  else set.delete(id);
  return order.filter((x) => set.has(x));
}

/** Appends a page of records, dropping any already shown (a cursor racing a redrive). */
export function appendPage(shown: readonly DeadLetterRecord[], page: readonly DeadLetterRecord[]): DeadLetterRecord[] {
  const seen = new Set(shown.map((r) => r.id));
  return [...shown, ...page.filter((r) => !seen.has(r.id))];
}
