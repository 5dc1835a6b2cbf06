import type { LabelStudioConfig } from '@verity/interchange';
import type { FieldError } from '@verity/service-runtime';

/** A published question as far as an import needs it. */
export interface PublishedQuestion {
  id: string;
  type: string;
  options: { id: string }[];
}

const KIND_TYPE = { single: 'single_choice', multi: 'multiple_choice' } as const;

/**
 * Where a Label Studio config differs from the project's published ontology: every `<Choices>`
 * must be a question of the ontology with the same type (single or multiple choice) and exactly
 * the same option ids. Questions of the ontology the config does not ask are allowed (their
 * tasks just get no imported work). Empty when they match.
 */
export function configMismatches(config: LabelStudioConfig, questions: readonly PublishedQuestion[]): FieldError[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const errors: FieldError[] = [];
  for (const c of config.questions) {
    const field = `config.Choices[name="${c.id}"]`;
    const q = byId.get(c.id);
    if (!q) {
      errors.push({ field, reason: `question "${c.id}" is not in the project's published ontology (its questions: ${[...byId.keys()].join(', ') || 'none'})` });
      continue;
    }
    const type = KIND_TYPE[c.kind];
    if (q.type !== type) {
      errors.push({ field, reason: `question "${c.id}" is ${q.type} in the ontology, ${type} in the config` });
      continue;
    }
    const theirs = new Set(q.options.map((o) => o.id));
    const ours = new Set(c.options.map((o) => o.id));
    const missing = [...theirs].filter((id) => !ours.has(id));
    const extra = [...ours].filter((id) => !theirs.has(id));
    if (extra.length) errors.push({ field, reason: `question "${c.id}": option${extra.length > 1 ? 's' : ''} ${extra.map((o) => `"${o}"`).join(', ')} not in the ontology` });
    if (missing.length) errors.push({ field, reason: `question "${c.id}": the ontology's option${missing.length > 1 ? 's' : ''} ${missing.map((o) => `"${o}"`).join(', ')} missing from the config` });
  }
  return errors;
}

/** What of a project decides whether imported content reaches it (ingestion's project filter). */
export interface ProjectIntake {
  contentTypes: readonly string[];
  filter: { sources: readonly string[]; contentTypes: readonly string[]; tagsAny: readonly string[] };
}

/**
 * Why the project would not take the imported content (text, no tags, from `source`), as
 * ingestion matches items to projects; null when it would. Without it the import would publish
 * content that never becomes this project's tasks.
 */
export function intakeRefusal(project: ProjectIntake, source: string): FieldError | null {
  if (project.contentTypes.length > 0 && !project.contentTypes.includes('text'))
    return { field: 'tasks', reason: `the project takes ${project.contentTypes.join(', ')} content, and imported tasks are text` };
  if (project.filter.contentTypes.length > 0 && !project.filter.contentTypes.includes('text'))
    return { field: 'tasks', reason: `the project's filter takes ${project.filter.contentTypes.join(', ')} content, and imported tasks are text` };
  if (project.filter.sources.length > 0 && !project.filter.sources.includes(source))
    return { field: 'source', reason: `the project's filter takes the sources ${project.filter.sources.map((s) => `"${s}"`).join(', ')}, not "${source}": pass one of them as source, or add it to the filter` };
  if (project.filter.tagsAny.length > 0)
    return { field: 'tasks', reason: `the project's filter needs one of the tags ${project.filter.tagsAny.join(', ')}, and imported content has none` };
  return null;
}
