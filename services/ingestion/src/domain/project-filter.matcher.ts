import { ContentType } from '@verity/contracts';

/** What project matching needs of a project (the local copy, see ProjectCopyRepository). */
export interface ProjectRule {
  projectId: string;
  archived: boolean;
  /** Content types the project labels; empty = any. */
  contentTypes: ContentType[];
  filter: { sources: string[]; contentTypes: ContentType[]; tagsAny: string[]; languages: string[] };
  keepUnmaskedOriginal: boolean;
}

/** What project matching needs of an item. */
export interface ItemFacts {
  source: string;
  contentType: ContentType;
  tags: string[];
  /** BCP 47 tag or undefined when unknown. */
  language?: string;
}

const primary = (tag: string) => tag.split('-')[0].toLowerCase();

/**
 * Whether an item belongs to a project: the project is not archived, and every non-empty list
 * of its filter (sources, content types, tags_any, languages by primary subtag) and its own
 * content types accepts the item. An item of unknown language matches only projects that do
 * not filter on language.
 */
export function matchesProject(p: ProjectRule, item: ItemFacts): boolean {
  if (p.archived) return false;
  const f = p.filter;
  if (p.contentTypes.length > 0 && !p.contentTypes.includes(item.contentType)) return false;
  if (f.contentTypes.length > 0 && !f.contentTypes.includes(item.contentType)) return false;
  if (f.sources.length > 0 && !f.sources.includes(item.source)) return false;
  if (f.tagsAny.length > 0 && !item.tags.some((t) => f.tagsAny.includes(t))) return false;
  if (f.languages.length > 0) {
    if (!item.language) return false;
    const lang = primary(item.language);
    if (!f.languages.some((l) => primary(l) === lang)) return false;
  }
  return true;
}

/** Ids of every project the item matches, sorted for a stable event. */
export function matchProjects(projects: ProjectRule[], item: ItemFacts): ProjectRule[] {
  return projects.filter((p) => matchesProject(p, item)).sort((a, b) => a.projectId.localeCompare(b.projectId));
}
