import { Answer, OptionMigration, OptionMigrationKind, ProjectChange, ProjectEvent } from '@verity/contracts';

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

/** The options split entries of a map cover, for one question (labels naming one go back to humans). */
export function splitOptionsOf(migrations: readonly OptionMigration[], questionId: string): string[] {
  const out = new Set<string>();
  for (const m of migrations) if (m.kind === OptionMigrationKind.SPLIT && m.questionId === questionId) m.fromOptionIds.forEach((o) => out.add(o));
  return [...out];
}

/** Option ids a label names: its label and its answer's options (choice, spans, segments, boxes). */
export function labelOptions(l: { label: string; answer?: Answer }): string[] {
  const ids = new Set<string>();
  if (l.label) ids.add(l.label);
  const v = l.answer?.value;
  if (v?.case === 'choice') v.value.optionIds.forEach((o) => ids.add(o));
  if (v?.case === 'textSpans') v.value.spans.forEach((s) => ids.add(s.optionId));
  if (v?.case === 'timeSegments') v.value.segments.forEach((s) => ids.add(s.optionId));
  if (v?.case === 'boxes') v.value.boxes.forEach((b) => ids.add(b.optionId));
  return [...ids];
}

/**
 * Whether a label decided under an older ontology version must be asked again: a split in the
 * map of any newer version (up to the current one) covers an option it names. Pure.
 */
export function splitCovers(maps: readonly { migrations: readonly OptionMigration[] }[], questionId: string, options: readonly string[]): boolean {
  return maps.some((m) => splitOptionsOf(m.migrations, questionId).some((o) => options.includes(o)));
}
