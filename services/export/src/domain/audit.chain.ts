import { AnswerSource, type LabelEvent } from '@verity/contracts';

/** One answer behind a label, with the events that carried it (the audit chain). */
export interface ChainAnnotation {
  annotationId: string;
  /** annotations.v1 event id; empty for an expert verdict (its decision event carries it). */
  eventId: string;
  annotatorId: string;
  source: 'human' | 'machine' | 'expert' | 'feedback' | 'unspecified';
  taskEventId: string;
  /** prelabels.v1 event of the draft shown (human) or auto-accepted (machine); empty when none. */
  prelabelEventId: string;
  draftShown: boolean;
  /** The label versions whose provenance holds this answer. */
  labelVersions: number[];
}

const SOURCES: Record<number, ChainAnnotation['source']> = {
  [AnswerSource.HUMAN]: 'human',
  [AnswerSource.MACHINE]: 'machine',
  [AnswerSource.EXPERT]: 'expert',
  [AnswerSource.FEEDBACK]: 'feedback',
};

export function uniqueBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const x of xs) if (!seen.has(key(x))) seen.set(key(x), x);
  return [...seen.values()];
}

/** Every answer of every version, once per annotation id, in first-seen order. */
export function annotationsOf(events: readonly LabelEvent[]): ChainAnnotation[] {
  const byId = new Map<string, ChainAnnotation>();
  for (const e of events) {
    for (const a of e.provenance?.answers ?? []) {
      const id = a.annotationId || `${a.annotatorId}@${e.labelVersion}`;
      const known = byId.get(id);
      if (known) {
        if (!known.labelVersions.includes(e.labelVersion)) known.labelVersions.push(e.labelVersion);
        continue;
      }
      byId.set(id, {
        annotationId: a.annotationId,
        eventId: a.eventId,
        annotatorId: a.annotatorId,
        source: SOURCES[a.source] ?? 'unspecified',
        taskEventId: a.taskEventId,
        prelabelEventId: a.prelabelEventId,
        draftShown: a.draftShown,
        labelVersions: [e.labelVersion],
      });
    }
  }
  return [...byId.values()];
}

/** What the chain lacks, each naming the link and why; empty for a fully traced label. */
export function missingLinks(c: {
  item: boolean;
  contentEventIds: readonly string[];
  tasks: readonly { taskId: string; taskEventId: string }[];
  annotations: readonly ChainAnnotation[];
}): string[] {
  const missing: string[] = [];
  if (!c.item) missing.push('items.v1 event of the item (export has not seen it): no content reference, item event id');
  if (c.contentEventIds.length === 0) missing.push('content.v1 event id (not on the decisions, nor on items.v1)');
  for (const t of c.tasks) if (!t.taskEventId) missing.push(`tasks.v1 event id of task ${t.taskId} (not on the decision)`);
  for (const a of c.annotations) {
    if (a.source === 'expert') continue; // the verdict travels in the decision event
    if (!a.eventId) missing.push(`annotations.v1 event id of annotation ${a.annotationId} (not on its answer record)`);
    if (a.draftShown && !a.prelabelEventId) missing.push(`prelabels.v1 event id of the draft shown for annotation ${a.annotationId}`);
  }
  return missing;
}

export type ChainStep =
  | { step: 'content'; eventId: string }
  | { step: 'item'; itemId: string; eventId: string | null }
  | { step: 'task'; taskId: string; eventId: string }
  | { step: 'annotation'; annotationId: string; eventId: string; source: ChainAnnotation['source']; annotatorId: string }
  | { step: 'prelabel'; eventId: string; annotationIds: string[] }
  | { step: 'decision'; decisionEventId: string }
  | { step: 'label_version'; labelVersion: number; eventId: string }
  | { step: 'release'; releaseId: string; name: string; location: string };

/** content → item → task → annotations → machine drafts → decision → label version → releases, for one version. */
export function pathOf(c: {
  itemId: string;
  contentEventIds: readonly string[];
  itemEventId: string | null;
  latest: LabelEvent;
  releases: readonly { release_id: string; name: string; location: string }[];
}): ChainStep[] {
  const p = c.latest.provenance;
  const answers = annotationsOf([c.latest]);
  const prelabels = new Map<string, string[]>();
  for (const a of answers) if (a.prelabelEventId) prelabels.set(a.prelabelEventId, [...(prelabels.get(a.prelabelEventId) ?? []), a.annotationId]);
  return [
    ...c.contentEventIds.map((eventId): ChainStep => ({ step: 'content', eventId })),
    { step: 'item', itemId: c.itemId, eventId: c.itemEventId },
    { step: 'task', taskId: p?.taskId ?? '', eventId: p?.taskEventId ?? '' },
    ...answers.map((a): ChainStep => ({ step: 'annotation', annotationId: a.annotationId, eventId: a.eventId, source: a.source, annotatorId: a.annotatorId })),
    ...[...prelabels].map(([eventId, annotationIds]): ChainStep => ({ step: 'prelabel', eventId, annotationIds })),
    { step: 'decision', decisionEventId: p?.decisionEventId ?? '' },
    { step: 'label_version', labelVersion: c.latest.labelVersion, eventId: c.latest.envelope?.eventId ?? '' },
    ...c.releases.map((r): ChainStep => ({ step: 'release', releaseId: r.release_id, name: r.name, location: r.location })),
  ];
}
