import { clone } from '@bufbuild/protobuf';
import { Answer, AnswerSchema, DecisionEvent, DecisionEventSchema, OptionMigration, OptionMigrationKind, ProjectChange, ProjectEvent, labelOptionIds } from '@verity/contracts';

/** The migration map an ontology version was published with. */
export interface MigrationMap {
  projectId: string;
  /** The version published with the map. */
  toVersion: number;
  /** The version it maps from (the previous published version). */
  fromVersion: number;
  entries: OptionMigration[];
  /** event_id of the projects.v1 event it came with. */
  projectEventId: string;
}

/**
 * The map a projects.v1 snapshot carries, if any: `ontology_published.migrations` on an
 * ONTOLOGY_PUBLISHED event; otherwise `project.current_migrations` of the current version (every
 * snapshot repeats it, so a consumer that only sees a later snapshot after compaction still
 * learns it). Events written before the fields existed carry neither: no migration.
 */
export function migrationMapOf(p: ProjectEvent): MigrationMap | undefined {
  const project = p.project;
  if (!project?.projectId) return undefined;
  const pub = p.change === ProjectChange.ONTOLOGY_PUBLISHED ? p.ontologyPublished : undefined;
  const base = { projectId: project.projectId, projectEventId: p.envelope?.eventId ?? '' };
  if (pub && pub.migrations.length > 0 && pub.previousVersion !== undefined) {
    return { ...base, toVersion: pub.ontologyVersion, fromVersion: pub.previousVersion, entries: pub.migrations };
  }
  const current = project.currentOntology?.version;
  if (current !== undefined && current > 1 && project.currentMigrations.length > 0) {
    return { ...base, toVersion: current, fromVersion: current - 1, entries: project.currentMigrations };
  }
  return undefined;
}

/** What of a label a map can rewrite. */
export interface MigratableLabel {
  questionId: string;
  label: string;
  answer?: Answer;
  softLabel: Record<string, number>;
}

export type MapOutcome =
  /** The map does not touch the label. */
  | { kind: 'untouched' }
  /** A split entry covers the label: humans decide again; the label stays as it is. */
  | { kind: 'split'; entries: OptionMigration[] }
  /** Rename / merge entries rewrote it. */
  | { kind: 'mapped'; label: string; answer?: Answer; softLabel: Record<string, number>; entries: OptionMigration[] };


/**
 * Applies one version's map to a label of its question. Entries apply at once (never chained):
 * every option named by a rename or merge entry's `from` becomes that entry's single `to`, in
 * the label, the answer (choice options de-duplicated in order; span, segment and box labels)
 * and the soft label (probabilities of merged options summed). A label that names an option of a
 * split entry is left alone (`split`): a map cannot decide between the split's options. Pure.
 */
export function applyMap(l: MigratableLabel, entries: readonly OptionMigration[]): MapOutcome {
  const mine = entries.filter((e) => e.questionId === l.questionId);
  const named = new Set(labelOptionIds(l));
  const touching = mine.filter((e) => e.fromOptionIds.some((o) => named.has(o)));
  if (touching.length === 0) return { kind: 'untouched' };
  const splits = touching.filter((e) => e.kind === OptionMigrationKind.SPLIT);
  if (splits.length > 0) return { kind: 'split', entries: splits };
  const rewrites = touching.filter((e) => e.kind === OptionMigrationKind.RENAME || e.kind === OptionMigrationKind.MERGE);
  if (rewrites.length === 0) return { kind: 'untouched' };
  // Every rename / merge of the question maps (soft-label keys included), not only those the label names.
  const target = new Map<string, string>();
  for (const e of mine) {
    if (e.kind !== OptionMigrationKind.RENAME && e.kind !== OptionMigrationKind.MERGE) continue;
    if (e.toOptionIds.length === 1) for (const f of e.fromOptionIds) target.set(f, e.toOptionIds[0]);
  }
  const to = (o: string) => target.get(o) ?? o;

  const softLabel: Record<string, number> = {};
  for (const [k, p] of Object.entries(l.softLabel)) softLabel[to(k)] = (softLabel[to(k)] ?? 0) + p;
  return { kind: 'mapped', label: l.label ? to(l.label) : l.label, answer: l.answer && mapAnswer(l.answer, to), softLabel, entries: rewrites };
}

function mapAnswer(a: Answer, to: (o: string) => string): Answer {
  const out = clone(AnswerSchema, a);
  const v = out.value;
  if (v.case === 'choice') v.value.optionIds = [...new Set(v.value.optionIds.map(to))];
  if (v.case === 'textSpans') v.value.spans.forEach((s) => (s.optionId = to(s.optionId)));
  if (v.case === 'timeSegments') v.value.segments.forEach((s) => (s.optionId = to(s.optionId)));
  if (v.case === 'boxes') v.value.boxes.forEach((b) => (b.optionId = to(b.optionId)));
  return out;
}

/** Option ids of split entries, per question: labels naming one stay in force (never excluded, never rewritten). */
export function splitOptions(entries: readonly OptionMigration[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of entries) {
    if (e.kind !== OptionMigrationKind.SPLIT) continue;
    const s = out.get(e.questionId) ?? new Set<string>();
    e.fromOptionIds.forEach((o) => s.add(o));
    out.set(e.questionId, s);
  }
  return out;
}

/** What `provenance.migration` says of a decision mapped on its way in. */
export interface DecisionMigration {
  entries: OptionMigration[];
  fromOntologyVersion: number;
  toOntologyVersion: number;
  fromLabelVersion: 0;
  fromLabel: string;
  projectEventId: string;
}

/**
 * A decision made under an older ontology version that arrives after newer versions' maps were
 * applied (tasks of version n answered after n + 1 was published): the maps newer than its
 * version are applied in order, so its label lands on the options (and version) the stored
 * labels were migrated to. A split stops the chain (the label stays on the version before it;
 * humans decide again). Returns the decision unchanged when no map rewrites it. Pure.
 */
export function mapDecision(d: DecisionEvent, maps: readonly MigrationMap[]): { decision: DecisionEvent; migration?: DecisionMigration } {
  let cur: MigratableLabel = { questionId: d.questionId, label: d.label, answer: d.answer, softLabel: { ...d.softLabel } };
  let version = d.ontologyVersion;
  let last: MigrationMap | undefined;
  const entries: OptionMigration[] = [];
  for (const m of maps) {
    if (m.toVersion <= version) continue;
    const outcome = applyMap(cur, m.entries);
    if (outcome.kind === 'split') break;
    if (outcome.kind === 'untouched') continue;
    cur = { questionId: d.questionId, label: outcome.label, answer: outcome.answer, softLabel: outcome.softLabel };
    version = m.toVersion;
    entries.push(...outcome.entries);
    last = m;
  }
  if (!last) return { decision: d };
  const decision = clone(DecisionEventSchema, d);
  decision.label = cur.label;
  decision.answer = cur.answer;
  decision.softLabel = cur.softLabel;
  decision.ontologyVersion = version;
  return {
    decision,
    migration: { entries, fromOntologyVersion: d.ontologyVersion, toOntologyVersion: version, fromLabelVersion: 0, fromLabel: d.label, projectEventId: last.projectEventId },
  };
}
