/**
 * Who may do what in a project's adjudication queue. The one place the access rules live;
 * every use case asks here (membership comes from the local copy of projects.v1).
 *
 * - admin (global role): everything, in every project;
 * - a non-member, an inactive member, or an unknown project: 404 (nothing is revealed);
 * - a member without the quality_analyst or project_manager project role: 403;
 * - quality_analyst: the expert tier (open requests); project_manager: the escalation tier
 *   (escalated requests) and gold confirmation.
 */

export interface MemberCopy {
  userId: string;
  /** Project roles: 'annotator', 'quality_analyst', 'project_manager'. */
  roles: string[];
  active: boolean;
}

export interface Capabilities {
  /** May claim, decide and escalate open requests (expert tier). */
  expert: boolean;
  /** May see, claim and decide escalated requests and confirm gold (project-manager tier). */
  manager: boolean;
}

export type AccessDecision = { ok: true; caps: Capabilities } | { ok: false; status: 404 | 403; reason: string };

export function projectAccess(globalRoles: string[], projectKnown: boolean, member: MemberCopy | null): AccessDecision {
  if (globalRoles.includes('admin')) return { ok: true, caps: { expert: true, manager: true } };
  if (!projectKnown || !member || !member.active) return { ok: false, status: 404, reason: 'project not found' };
  const caps = { expert: member.roles.includes('quality_analyst'), manager: member.roles.includes('project_manager') };
  if (!caps.expert && !caps.manager) {
    return { ok: false, status: 403, reason: 'adjudication needs the quality_analyst or project_manager role in this project' };
  }
  return { ok: true, caps };
}
