import { PrelabelEvent, PrelabelRoute } from '@verity/contracts';
import { maskedText } from './truth-book';
import { Comment } from './youtube-spam';

/** Where prelabel sent one comment's task, as announced on prelabels.v1. */
export interface RoutedItem {
  itemId: string;
  comment: Comment;
  route: PrelabelRoute;
  /** The option the machine proposed, if it made a draft. */
  draft: string | null;
  /** The model version that drafted it, if any. */
  modelVersion: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Only AUTO_ACCEPT spares the humans; an AUDIT goes to them too (blind). */
export const needsHumans = (r: RoutedItem) => r.route !== PrelabelRoute.AUTO_ACCEPT;

export function countRoutes(routes: RoutedItem[], route: PrelabelRoute): number {
  return routes.filter((r) => r.route === route).length;
}

/**
 * Waits until prelabel has routed the task of every comment (matched by its masked text: the
 * comment's text with its PII masked as ingestion masks it); returns what was routed by the deadline.
 */
export async function waitForRoutes(events: PrelabelEvent[], comments: Comment[], timeoutMs: number): Promise<RoutedItem[]> {
  const byText = new Map(comments.map((c) => [maskedText(c.text), c]));
  const routed = new Map<string, RoutedItem>();
  const until = Date.now() + timeoutMs;
  let seen = 0;
  while (routed.size < comments.length && Date.now() < until) {
    for (; seen < events.length; seen++) {
      const e = events[seen];
      const comment = byText.get(e.task?.maskedText ?? '');
      if (!comment || !e.task || routed.has(e.task.itemId)) continue;
      routed.set(e.task.itemId, {
        itemId: e.task.itemId,
        comment,
        route: e.route,
        draft: e.draft?.value.case === 'choice' ? (e.draft.value.value.optionIds[0] ?? null) : null,
        modelVersion: e.model?.modelVersion || null,
      });
    }
    if (routed.size < comments.length) await sleep(300);
  }
  return [...routed.values()];
}
