import type { LabelAudit, OntologyQuestion, OntologyVersionFull, ProtoContentReference, ProtoLabelEvent, ProtoModelInfo } from '../../api/item-story-client';

/**
 * One label's story, from the audit answer: the content, the item, the task, every answer (who,
 * which model and prompt), verdicts and feedback, every label version with its aggregation and the
 * decisions received, and the releases holding it — in the order things happened.
 */

export type Source = 'human' | 'machine' | 'expert' | 'feedback' | 'unspecified';

export interface ModelStep {
  backend: string | null;
  modelId: string;
  modelVersion: string | null;
  promptVersion: string | null;
  confidence: number | null;
  calibratedConfidence: number | null;
}

/** An ontology migration map carrying a label to a newer ontology version (no human work). */
export interface Migration {
  fromOntologyVersion: number | null;
  toOntologyVersion: number | null;
  /** The label version it rewrote; null when a decision was mapped on its way in. */
  fromLabelVersion: number | null;
  fromLabel: string | null;
  entries: { kind: string | null; from: string[]; to: string[] }[];
  projectEventId: string | null;
}

export type StoryStep =
  | { kind: 'content'; at: null; eventIds: string[]; source: string | null; sourceId: string | null; contentType: string | null; sha256: string | null }
  | { kind: 'item'; at: null; itemId: string; eventId: string | null }
  | { kind: 'task'; at: null; taskId: string; eventId: string | null }
  | {
      kind: 'answer';
      at: string | null;
      versions: number[];
      annotationId: string;
      annotatorId: string;
      source: Source;
      answer: unknown;
      timeSpentMs: number | null;
      draftShown: boolean;
      reliability: number | null;
      weight: number | null;
      model: ModelStep | null;
      eventId: string | null;
      prelabelEventId: string | null;
    }
  | {
      kind: 'verdict';
      at: string | null;
      version: number;
      requestId: string | null;
      adjudicatorId: string;
      tier: string | null;
      answer: unknown;
      note: string;
      confidence: number | null;
      goldCandidate: boolean;
    }
  | { kind: 'feedback'; at: string | null; version: number; feedbackId: string; source: string | null; sourceDetail: string; answer: unknown }
  | {
      kind: 'label';
      at: string;
      version: number;
      current: boolean;
      status: 'active' | 'excluded';
      label: string;
      answer: unknown;
      confidence: number;
      adjudicated: boolean;
      gold: boolean;
      ontologyVersion: number;
      decidedAt: string | null;
      method: string | null;
      parameters: [string, string][];
      agreement: { pairwise: number | null; answerCount: number } | null;
      eventId: string | null;
      decisions: { decisionEventId: string; producer: string; outcome: string; decidedAt: string; receivedAt: string }[];
      migration: Migration | null;
    }
  | { kind: 'release'; at: string; version: number; releaseId: string; name: string; location: string };

/** "ANSWER_SOURCE_HUMAN" → "human" (protobuf JSON enum names), tolerating lower-case names. */
export function enumName(value: string | undefined | null, prefix: string): string | null {
  if (!value) return null;
  const v = value.startsWith(prefix) ? value.slice(prefix.length) : value;
  return v.toLowerCase();
}

function sourceOf(value: string | undefined): Source {
  const s = enumName(value, 'ANSWER_SOURCE_');
  return s === 'human' || s === 'machine' || s === 'expert' || s === 'feedback' ? s : 'unspecified';
}

function modelOf(m: ProtoModelInfo | undefined): ModelStep | null {
  if (!m || !m.modelId) return null;
  return {
    backend: enumName(m.backend, 'MODEL_BACKEND_'),
    modelId: m.modelId,
    modelVersion: m.modelVersion || null,
    promptVersion: m.promptVersion || null,
    confidence: m.confidence ?? null,
    calibratedConfidence: m.calibratedConfidence ?? null,
  };
}

const num = (x: string | number | undefined): number | null => {
  if (x === undefined || x === '') return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
};

const ORDER: Record<StoryStep['kind'], number> = { content: 0, item: 1, task: 2, answer: 3, feedback: 4, verdict: 5, label: 6, release: 7 };

/** Every step of one label's story: the chain's start (content, item, tasks), then everything timed, oldest first. */
export function storyOf(audit: LabelAudit): StoryStep[] {
  const content = (audit.content ?? {}) as ProtoContentReference;
  const head: StoryStep[] = [
    {
      kind: 'content',
      at: null,
      eventIds: audit.chain.contentEventIds,
      source: content.source ?? null,
      sourceId: content.sourceId ?? null,
      contentType: enumName(content.contentType, 'CONTENT_TYPE_'),
      sha256: content.contentSha256 ?? null,
    },
    { kind: 'item', at: null, itemId: audit.itemId, eventId: audit.chain.itemEventId },
  ];
  const timed: StoryStep[] = [];
  const tasks = new Map<string, string | null>();
  const answers = new Map<string, Extract<StoryStep, { kind: 'answer' }>>();
  const versions = [...audit.versions].sort((a, b) => a.labelVersion - b.labelVersion);

  for (const v of versions) {
    const e = v.labelEvent as ProtoLabelEvent;
    const p = e.provenance ?? {};
    if (p.taskId && !tasks.has(p.taskId)) tasks.set(p.taskId, p.taskEventId || null);
    (p.answers ?? []).forEach((a, i) => {
      const id = a.annotationId || `${a.annotatorId ?? '?'}@${v.labelVersion}#${i}`;
      const known = answers.get(id);
      if (known) {
        if (!known.versions.includes(v.labelVersion)) known.versions.push(v.labelVersion);
        return;
      }
      const step: Extract<StoryStep, { kind: 'answer' }> = {
        kind: 'answer',
        at: a.submittedAt ?? null,
        versions: [v.labelVersion],
        annotationId: a.annotationId ?? '',
        annotatorId: a.annotatorId ?? '',
        source: sourceOf(a.source),
        answer: a.answer ?? null,
        timeSpentMs: num(a.timeSpentMs),
        draftShown: !!a.draftShown,
        reliability: a.reliability ?? null,
        weight: a.weight ?? null,
        model: modelOf(a.model),
        eventId: a.eventId || null,
        prelabelEventId: a.prelabelEventId || null,
      };
      answers.set(id, step);
      timed.push(step);
    });
    if (p.verdict && !timed.some((s) => s.kind === 'verdict' && s.requestId === (p.verdict?.requestId || null) && s.at === (p.verdict?.decidedAt ?? null))) {
      timed.push({
        kind: 'verdict',
        at: p.verdict.decidedAt ?? null,
        version: v.labelVersion,
        requestId: p.verdict.requestId || null,
        adjudicatorId: p.verdict.adjudicatorId ?? '',
        tier: enumName(p.verdict.tier, 'ADJUDICATION_TIER_'),
        answer: p.verdict.answer ?? null,
        note: p.verdict.note ?? '',
        confidence: p.verdict.confidence ?? null,
        goldCandidate: !!p.verdict.goldCandidate,
      });
    }
    for (const w of p.weakLabels ?? []) {
      if (timed.some((s) => s.kind === 'feedback' && s.feedbackId === (w.feedbackId ?? ''))) continue;
      timed.push({
        kind: 'feedback',
        at: w.observedAt ?? null,
        version: v.labelVersion,
        feedbackId: w.feedbackId ?? '',
        source: enumName(w.source, 'FEEDBACK_SOURCE_'),
        sourceDetail: w.sourceDetail ?? '',
        answer: w.answer ?? null,
      });
    }
    timed.push({
      kind: 'label',
      at: v.recordedAt,
      version: v.labelVersion,
      current: v.labelVersion === audit.currentVersion,
      status: v.status,
      label: v.label,
      answer: e.answer ?? null,
      confidence: v.confidence,
      adjudicated: v.adjudicated,
      gold: v.gold,
      ontologyVersion: v.ontologyVersion,
      decidedAt: e.decidedAt ?? null,
      method: enumName(p.aggregation?.method, 'AGGREGATION_METHOD_'),
      parameters: Object.entries(p.aggregation?.parameters ?? {}).sort(([a], [b]) => a.localeCompare(b)),
      agreement: p.agreement ? { pairwise: p.agreement.pairwise ?? null, answerCount: p.agreement.answerCount ?? 0 } : null,
      eventId: e.envelope?.eventId || null,
      decisions: [...v.decisions].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt)),
      migration: p.migration
        ? {
            fromOntologyVersion: p.migration.fromOntologyVersion ?? null,
            toOntologyVersion: p.migration.toOntologyVersion ?? null,
            fromLabelVersion: p.migration.fromLabelVersion || null,
            fromLabel: p.migration.fromLabel || null,
            entries: (p.migration.entries ?? []).map((e) => ({ kind: enumName(e.kind, 'OPTION_MIGRATION_KIND_'), from: e.fromOptionIds ?? [], to: e.toOptionIds ?? [] })),
            projectEventId: p.migration.projectEventId || null,
          }
        : null,
    });
    for (const r of v.releases) timed.push({ kind: 'release', at: r.createdAt, version: v.labelVersion, releaseId: r.releaseId, name: r.name, location: r.location });
  }

  const taskSteps: StoryStep[] = [...tasks].map(([taskId, eventId]) => ({ kind: 'task', at: null, taskId, eventId }));
  const time = (s: StoryStep) => (s.at ? Date.parse(s.at) : Number.NEGATIVE_INFINITY);
  const sorted = timed
    .map((s, i) => ({ s, i }))
    .sort((a, b) => time(a.s) - time(b.s) || ORDER[a.s.kind] - ORDER[b.s.kind] || a.i - b.i)
    .map((x) => x.s);
  return [...head, ...taskSteps, ...sorted];
}

/** The questions of the project's current ontology version (else the latest published one). */
export function currentOntology(ontologies: readonly OntologyVersionFull[], current: number | null | undefined): OntologyVersionFull | null {
  if (current != null) {
    const hit = ontologies.find((o) => o.version === current);
    if (hit) return hit;
  }
  const published = ontologies.filter((o) => o.status === 'published').sort((a, b) => b.version - a.version);
  return published[0] ?? null;
}

/** The options of a question as of an ontology version (falling back to any version that has the question). */
export function optionsOf(ontologies: readonly OntologyVersionFull[], version: number, questionId: string): OntologyQuestion['options'] {
  const inVersion = ontologies.find((o) => o.version === version)?.questions.find((q) => q.id === questionId);
  if (inVersion) return inVersion.options;
  for (const o of [...ontologies].sort((a, b) => b.version - a.version)) {
    const q = o.questions.find((x) => x.id === questionId);
    if (q) return q.options;
  }
  return [];
}
