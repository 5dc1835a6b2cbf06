/**
 * Who may take which task: the one place the routing rules live. The lease query applies the
 * same rules in SQL (parameters from `routingFilter`); `canTake` re-checks the chosen task.
 */

export interface ProjectRouting {
  archived: boolean;
  /** Skills every annotator of the project needs (project routing rules). */
  requiredSkills: string[];
  /** When true, an annotator gets a task only in a language they declared. */
  matchLanguage: boolean;
}

export interface MemberProfile {
  userId: string;
  /** Project roles: 'annotator', 'quality_analyst', 'project_manager'. */
  roles: string[];
  skills: string[];
  languages: string[];
  active: boolean;
}

export interface RoutedTask {
  requiredSkills: string[];
  /** Normalized language of the content (primary subtag), or null when unknown. */
  language: string | null;
}

export type AccessDecision = { ok: true } | { ok: false; status: 404 | 403; reason: string };

/** Language tags compare on their primary subtag, lower case: "en-US" ~ "en". "und" is unknown. */
export function normalizeLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return primary && primary !== 'und' ? primary : null;
}

export const normalizeSkill = (s: string) => s.trim().toLowerCase();

/**
 * May this caller use the project's annotator queue at all? A non-member, an inactive member
 * or a member without the annotator role learns nothing (404, as for an unknown project); a
 * suspended annotator is told (403) so they know why no work comes.
 */
export function annotatorAccess(
  globalRoles: string[],
  project: ProjectRouting | null,
  member: MemberProfile | null,
  suspended: { reason: string } | null,
): AccessDecision {
  const notFound: AccessDecision = { ok: false, status: 404, reason: 'project not found' };
  if (!project || !member) return notFound;
  if (!globalRoles.includes('annotator')) return notFound;
  if (!member.active || !member.roles.includes('annotator')) return notFound;
  if (suspended) return { ok: false, status: 403, reason: `you are suspended from new tasks: ${suspended.reason || 'no reason given'}` };
  return { ok: true };
}

/** The member's normalized skills and languages, as the lease query takes them. */
export function routingFilter(project: ProjectRouting, member: MemberProfile) {
  const skills = [...new Set(member.skills.map(normalizeSkill))];
  const languages = [...new Set(member.languages.map(normalizeLanguage).filter((l): l is string => l !== null))];
  const projectSkillsMet = project.requiredSkills.map(normalizeSkill).every((s) => skills.includes(s));
  return { skills, languages, matchLanguage: project.matchLanguage, projectSkillsMet };
}

/**
 * Routing: the member has every skill the project and the task require, and, when the project
 * matches languages, declares the task's language (a task of unknown language goes to anyone).
 */
export function canTake(project: ProjectRouting, member: MemberProfile, task: RoutedTask): boolean {
  if (project.archived) return false;
  const f = routingFilter(project, member);
  if (!f.projectSkillsMet) return false;
  if (!task.requiredSkills.map(normalizeSkill).every((s) => f.skills.includes(s))) return false;
  const lang = normalizeLanguage(task.language);
  if (f.matchLanguage && lang !== null && !f.languages.includes(lang)) return false;
  return true;
}
