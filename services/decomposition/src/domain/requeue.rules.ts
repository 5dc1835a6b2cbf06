import { ContentType, OntologyVersion, OptionMigration, OptionMigrationKind, ProjectChange, ProjectEvent, Question, RelabelPolicy } from '@verity/contracts';
import { appliesToContent, conditionSatisfied } from './condition.evaluator';

/**
 * Pure rules for "ask these items again under ontology version n + 1": the items a split in a
 * version's migration map covers, and, with relabel policy RELABEL, the items labeled under an
 * older version plus the questions new in n + 1. One planner for both, at publish time and for a
 * label that arrives after the publish.
 */

/**
 * The migration map a snapshot's current ontology version was published with: the
 * ONTOLOGY_PUBLISHED part's when it is about that version, else the project's
 * `current_migrations` (repeated by every snapshot, so it survives compaction). Events written
 * before the fields existed have neither: no migration.
 */
export function currentMigrationsOf(e: ProjectEvent): OptionMigration[] {
  const version = e.project?.currentOntology?.version;
  const pub = e.change === ProjectChange.ONTOLOGY_PUBLISHED ? e.ontologyPublished : undefined;
  if (pub && pub.ontologyVersion === version && pub.migrations.length > 0) return pub.migrations;
  return e.project?.currentMigrations ?? [];
}

/**
 * The relabel policy the snapshot's current version was published with: the ONTOLOGY_PUBLISHED
 * part's when it is about that version, else `current_relabel_policy` (every snapshot repeats it).
 * UNSPECIFIED (first versions, older events) acts as KEEP.
 */
export function currentRelabelPolicyOf(e: ProjectEvent): RelabelPolicy {
  const version = e.project?.currentOntology?.version;
  const pub = e.change === ProjectChange.ONTOLOGY_PUBLISHED ? e.ontologyPublished : undefined;
  if (pub && pub.ontologyVersion === version && pub.relabelPolicy !== RelabelPolicy.UNSPECIFIED) return pub.relabelPolicy;
  return e.project?.currentRelabelPolicy ?? RelabelPolicy.UNSPECIFIED;
}

/** The options split entries of a map cover, for one question (labels naming one go back to humans). */
export function splitOptionsOf(migrations: readonly OptionMigration[], questionId: string): string[] {
  return optionsOf(migrations, questionId, (k) => k === OptionMigrationKind.SPLIT);
}

/** The options rename and merge entries of a map rewrite, for one question (export rewrites those labels). */
export function rewrittenOptionsOf(migrations: readonly OptionMigration[], questionId: string): string[] {
  return optionsOf(migrations, questionId, (k) => k === OptionMigrationKind.RENAME || k === OptionMigrationKind.MERGE);
}

function optionsOf(migrations: readonly OptionMigration[], questionId: string, kind: (k: OptionMigrationKind) => boolean): string[] {
  const out = new Set<string>();
  for (const m of migrations) if (kind(m.kind) && m.questionId === questionId) m.fromOptionIds.forEach((o) => out.add(o));
  return [...out];
}


/** One published ontology version as decomposition recorded it. */
export interface VersionStep {
  version: number;
  relabelPolicy: RelabelPolicy;
  migrations: readonly OptionMigration[];
  /** The questions of that version (RELABEL asks again only questions the version has). */
  questionIds: ReadonlySet<string>;
}

/** What a label of a question names, and under which version it was decided. */
export interface LabelRef {
  questionId: string;
  ontologyVersion: number;
  options: readonly string[];
}

export type FateReason = 'split' | 'relabel' | 'rewritten' | 'excluded';

/** What the versions after a label's own did to it: asked again (and by which version), or settled otherwise. */
export interface LabelFate {
  ask: boolean;
  /** The version that decided it; absent when none did (every step kept it). */
  at?: number;
  reason?: FateReason;
}

/**
 * Walks the versions after the label's, up to `upTo`, oldest first; the first that decides wins:
 * a **split** covering an option it names → asked again; a **rename / merge** covering one →
 * not asked (export rewrites the label onto that version, and the rewritten label is judged on its
 * own when it arrives); **EXCLUDE** of the version right after the label's → not asked (export
 * withdraws exactly those labels); **RELABEL** of a version that has the question → asked again;
 * KEEP (or UNSPECIFIED) → the next version. The same order as export's (a split beats a rewrite;
 * EXCLUDE spares split and rewritten labels). Pure.
 */
export function labelFate(steps: readonly VersionStep[], label: LabelRef, upTo: number): LabelFate {
  for (const s of [...steps].sort((a, b) => a.version - b.version)) {
    if (s.version <= label.ontologyVersion || s.version > upTo) continue;
    const names = (opts: string[]) => opts.some((o) => label.options.includes(o));
    if (names(splitOptionsOf(s.migrations, label.questionId))) return { ask: true, at: s.version, reason: 'split' };
    if (names(rewrittenOptionsOf(s.migrations, label.questionId))) return { ask: false, at: s.version, reason: 'rewritten' };
    if (s.relabelPolicy === RelabelPolicy.EXCLUDE && label.ontologyVersion === s.version - 1) return { ask: false, at: s.version, reason: 'excluded' };
    if (s.relabelPolicy === RelabelPolicy.RELABEL && s.questionIds.has(label.questionId)) return { ask: true, at: s.version, reason: 'relabel' };
  }
  return { ask: false };
}

/**
 * The options a label names once the rename / merge entries of the versions after its own (up to
 * `upTo`) are applied, in order, as export rewrites them; a split stops the chain. Used to test a
 * condition of version `upTo` against a label decided earlier. Pure.
 */
export function mapOptionsThrough(steps: readonly VersionStep[], label: LabelRef, upTo: number): string[] {
  let options = [...label.options];
  for (const s of [...steps].sort((a, b) => a.version - b.version)) {
    if (s.version <= label.ontologyVersion || s.version > upTo) continue;
    if (splitOptionsOf(s.migrations, label.questionId).some((o) => options.includes(o))) break;
    const to = new Map<string, string>();
    for (const m of s.migrations) {
      if (m.questionId !== label.questionId || m.toOptionIds.length !== 1) continue;
      if (m.kind === OptionMigrationKind.RENAME || m.kind === OptionMigrationKind.MERGE) m.fromOptionIds.forEach((f) => to.set(f, m.toOptionIds[0]));
    }
    options = [...new Set(options.map((o) => to.get(o) ?? o))];
  }
  return options;
}

/** An item's current label of one question, as decomposition knows it. */
export interface KnownLabel extends LabelRef {
  active: boolean;
  /** The task behind the label, when it is one of ours (the new task's parent). */
  parentTaskId?: string;
}

export type RequeueReason = 'split' | 'relabel' | 'new-question';

/** A task to create under the target version (origin RELABEL). */
export interface RequeueTask {
  question: Question;
  parentTaskId?: string;
  reason: RequeueReason;
}

/** What the planner knows of one item. */
export interface RequeueInput {
  /** The version the tasks are created under: n + 1 at publish, the current version for a late label. */
  target: OntologyVersion;
  /** Every version decomposition recorded up to the target (the target's included). */
  steps: readonly VersionStep[];
  contentType: ContentType;
  /** The item's current label of each question (any status, any version). */
  labels: readonly KnownLabel[];
  /** Questions the item already has a task for under the target version. */
  asked: ReadonlySet<string>;
}

/**
 * Tasks for one item when version `target` is first seen:
 * - every active label decided under an older version whose fate **this** version decides as
 *   "ask again" (a split of its map, or its RELABEL policy; a fate an earlier version decided was
 *   handled then), minus what a rename / merge rewrites or an earlier EXCLUDE withdrew;
 * - with RELABEL, when the item was decomposed under an older version (`decomposedUnder`): every
 *   question new in the target (not in the previous recorded version) the item has no label of.
 * Then `conditioned` (content type, conditions). Pure.
 */
export function planAtPublish(input: RequeueInput & { decomposedUnder?: number }): RequeueTask[] {
  const version = input.target.version;
  const due = new Map<string, { parentTaskId?: string; reason: RequeueReason }>();
  for (const l of input.labels) {
    if (!l.active || l.ontologyVersion >= version) continue;
    const fate = labelFate(input.steps, l, version);
    if (fate.ask && fate.at === version) due.set(l.questionId, { parentTaskId: l.parentTaskId, reason: fate.reason as RequeueReason });
  }
  const step = input.steps.find((s) => s.version === version);
  const previous = input.steps.filter((s) => s.version < version).sort((a, b) => b.version - a.version)[0];
  if (step?.relabelPolicy === RelabelPolicy.RELABEL && previous && input.decomposedUnder !== undefined && input.decomposedUnder < version) {
    for (const q of input.target.questions) {
      if (previous.questionIds.has(q.questionId) || due.has(q.questionId) || input.labels.some((l) => l.questionId === q.questionId)) continue;
      due.set(q.questionId, { reason: 'new-question' });
    }
  }
  return conditioned(input, due);
}

/**
 * The task for a label that arrived after newer versions were published (decided under version
 * v < target): asked again under the target when any version in (v, target] decides so
 * (`labelFate`), then `conditioned`. Pure.
 */
export function planForLabel(input: RequeueInput, questionId: string): RequeueTask[] {
  const l = input.labels.find((x) => x.questionId === questionId);
  if (!l || !l.active || l.ontologyVersion >= input.target.version) return [];
  const fate = labelFate(input.steps, l, input.target.version);
  if (!fate.ask) return [];
  return conditioned(input, new Map([[questionId, { parentTaskId: l.parentTaskId, reason: fate.reason as RequeueReason }]]));
}

/**
 * In ontology order: a due question is asked when it applies to the content type, the item has
 * no task of it under the target yet, and, for a conditional question, its condition holds on the
 * item's current label of the question it depends on (options mapped onto the target). A
 * conditional question whose parent is asked now, already has a task under the target, or waits
 * itself, waits for the parent's decision instead: the condition path (decisions.v1) creates it
 * under the target if the new answer calls for it, so nobody answers a question the new parent
 * answer rules out.
 */
function conditioned(input: RequeueInput, due: ReadonlyMap<string, { parentTaskId?: string; reason: RequeueReason }>): RequeueTask[] {
  const out: RequeueTask[] = [];
  const waiting = new Set<string>(input.asked);
  for (const q of input.target.questions) {
    if (input.asked.has(q.questionId)) continue;
    if (q.condition && waiting.has(q.condition.questionId)) {
      waiting.add(q.questionId);
      continue;
    }
    const d = due.get(q.questionId);
    if (!d || !appliesToContent(q, input.contentType)) continue;
    if (q.condition) {
      const parent = input.labels.find((l) => l.questionId === q.condition!.questionId && l.active);
      if (!parent || !conditionSatisfied(q.condition, mapOptionsThrough(input.steps, parent, input.target.version))) continue;
    }
    out.push({ question: q, parentTaskId: d.parentTaskId, reason: d.reason });
    waiting.add(q.questionId);
  }
  return out;
}
