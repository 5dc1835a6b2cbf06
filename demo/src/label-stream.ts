import { LabelEvent } from '@verity/contracts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The latest label version per item among the events seen so far on labels.v1. */
export function latestLabels(events: LabelEvent[], items?: Set<string>): Map<string, LabelEvent> {
  const m = new Map<string, LabelEvent>();
  for (const e of events) {
    if (items && !items.has(e.itemId)) continue;
    const prev = m.get(e.itemId);
    if (!prev || e.labelVersion >= prev.labelVersion) m.set(e.itemId, e);
  }
  return m;
}

/** Waits for a label on labels.v1 (the public stream training jobs read) for every item; returns those seen by the deadline. */
export async function waitForLabels(events: LabelEvent[], items: Set<string>, timeoutMs: number): Promise<Map<string, LabelEvent>> {
  const until = Date.now() + timeoutMs;
  while (latestLabels(events, items).size < items.size && Date.now() < until) await sleep(500);
  return latestLabels(events, items);
}
