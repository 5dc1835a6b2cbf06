import { Injectable } from '@nestjs/common';
import { ProjectRole, type Project } from '@verity/contracts';
import type { MemberProfile } from '../domain/eligibility.rule';
import { CALLER_LEASE_LOCK } from './lease.repository';
import { type Queryable, row } from '@verity/persistence';
import { ProjectSnapshotTable } from '@verity/service-runtime';

/** The local copy of a project: what routing, leases and honeypots need of it. */
export interface ProjectCopy {
  projectId: string;
  revision: string;
  archived: boolean;
  answersPerTask: number;
  honeypotRate: number;
  /** Share of leases of tasks with a draft served without it (blind controls). */
  blindControlRate: number;
  leaseSeconds: number;
  requiredSkills: string[];
  matchLanguage: boolean;
  ontologyVersion: number | null;
}

const ROLE_NAME: Record<number, string> = {
  [ProjectRole.ANNOTATOR]: 'annotator',
  [ProjectRole.QUALITY_ANALYST]: 'quality_analyst',
  [ProjectRole.PROJECT_MANAGER]: 'project_manager',
};

const projectColumns = (p: string) => `${p}.project_id AS "projectId", ${p}.revision::text AS revision, ${p}.archived,
  ${p}.answers_per_task AS "answersPerTask", ${p}.honeypot_rate AS "honeypotRate", ${p}.blind_control_rate AS "blindControlRate",
  ${p}.lease_seconds AS "leaseSeconds", ${p}.required_skills AS "requiredSkills", ${p}.match_language AS "matchLanguage",
  ${p}.ontology_version AS "ontologyVersion"`;

/** What an annotator call is checked against, read at once: the project, the caller's membership, their suspension. */
export interface CallerStanding {
  project: ProjectCopy | null;
  member: MemberProfile | null;
  /** Only when asked for (new work); null otherwise or when not suspended. */
  suspended: { reason: string } | null;
}

/** The policy's blind-control rate; absent: honeypot_rate + audit_rate (the rule's least), at most 1. */
export function blindControlRate(policy: Project['policy']): number {
  const clamp = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
  if (policy?.blindControlRate !== undefined) return clamp(policy.blindControlRate);
  return clamp((policy?.honeypotRate ?? 0) + (policy?.auditRate ?? 0));
}

@Injectable()
export class ProjectCopyRepository {
  private readonly table = new ProjectSnapshotTable('assignment');

  /**
   * Stores a snapshot when it is newer than the copy (higher revision), replacing the member
   * list as a whole. Returns false for a stale or repeated snapshot.
   */
  async applySnapshot(
    db: Queryable,
    p: Project,
    eventId: string,
    defaults: { answersPerTask: number; leaseSeconds: number },
  ): Promise<boolean> {
    const policy = p.policy;
    const written = await this.table.upsertIfNewer(db, p.projectId, p.revision, {
      archived: p.archived,
      answers_per_task: policy?.answersPerTask || defaults.answersPerTask,
      honeypot_rate: Math.min(1, Math.max(0, policy?.honeypotRate ?? 0)),
      lease_seconds: policy?.leaseSeconds || defaults.leaseSeconds,
      required_skills: { value: policy?.routing?.requiredSkills ?? [], cast: 'text[]' },
      match_language: policy?.routing?.matchLanguage ?? false,
      ontology_version: p.currentOntology?.version ?? null,
      event_id: eventId,
      blind_control_rate: blindControlRate(policy),
    });
    if (!written) return false;
    await db.query(`DELETE FROM assignment.members WHERE project_id = $1`, [p.projectId]);
    const members = p.members.map((m) => ({
      user_id: m.userId,
      roles: m.roles.map((r) => ROLE_NAME[r]).filter(Boolean),
      skills: m.skills,
      languages: m.languages,
      active: m.active,
    }));
    if (members.length > 0) {
      await db.query(
        `INSERT INTO assignment.members (project_id, user_id, roles, skills, languages, active)
         SELECT $1, m.user_id, m.roles, m.skills, m.languages, m.active
         FROM jsonb_to_recordset($2::jsonb) AS m(user_id text, roles text[], skills text[], languages text[], active boolean)
         ON CONFLICT (project_id, user_id) DO NOTHING`,
        [p.projectId, JSON.stringify(members)],
      );
    }
    return true;
  }

  async find(db: Queryable, projectId: string): Promise<ProjectCopy | null> {
    const found = await row<ProjectCopy>(db, `SELECT ${projectColumns('p')} FROM assignment.projects p WHERE p.project_id = $1`, [projectId]);
    return found ?? null;
  }

  /**
   * The project, the caller's membership and, with `withSuspension`, their suspension: one
   * statement. With `lockLeases` the same statement also takes the caller's lease lock in the
   * project (CALLER_LEASE_LOCK, held to commit), so a lease pays no round trip of its own for it;
   * the standing it reads does not depend on the lock, the caller's leases are read after it.
   */
  async standingOf(db: Queryable, projectId: string, userId: string, withSuspension: boolean, opts: { lockLeases?: boolean } = {}): Promise<CallerStanding> {
    const lock = opts.lockLeases ? `, ${CALLER_LEASE_LOCK('$1', '$2')} IS NULL AS "leaseLocked"` : '';
    const found = await row<StandingRow & { leaseLocked?: boolean }>(
      db,
      `SELECT ${STANDING_COLUMNS}${lock} FROM assignment.projects p ${STANDING_JOINS} WHERE p.project_id = $1`,
      [projectId, userId, withSuspension],
    );
    if (found) delete found.leaseLocked;
    return toStanding(found);
  }

  /**
   * The task's project and the caller's standing in it (standingOf), in one statement; null when
   * there is no such task.
   * @crossProject it finds the task's project: /v1/tasks/:taskId names no project
   */
  async standingOnTask(db: Queryable, taskId: string, userId: string, withSuspension: boolean): Promise<(CallerStanding & { projectId: string }) | null> {
    const found = await row<StandingRow & { taskProjectId: string }>(
      db,
      `SELECT k.project_id AS "taskProjectId", ${STANDING_COLUMNS}
       FROM assignment.tasks k LEFT JOIN assignment.projects p ON p.project_id = k.project_id ${STANDING_JOINS}
       WHERE k.task_id = $1`,
      [taskId, userId, withSuspension],
    );
    if (!found) return null;
    const { taskProjectId, ...standing } = found;
    return { projectId: taskProjectId, ...toStanding(standing.projectId === null ? undefined : standing) };
  }
}

type StandingRow = ProjectCopy & {
  memberUserId: string | null;
  memberRoles: string[];
  memberSkills: string[];
  memberLanguages: string[];
  memberActive: boolean;
  suspendedReason: string | null;
};

const STANDING_COLUMNS = `${projectColumns('p')}, m.user_id AS "memberUserId", m.roles AS "memberRoles", m.skills AS "memberSkills",
  m.languages AS "memberLanguages", m.active AS "memberActive", s.reason AS "suspendedReason"`;

/** The caller's membership ($2) and, when $3, suspension in project `p`. */
const STANDING_JOINS = `LEFT JOIN assignment.members m ON m.project_id = p.project_id AND m.user_id = $2
  LEFT JOIN assignment.suspensions s ON $3::boolean AND s.project_id = p.project_id AND s.annotator_id = $2 AND s.suspended`;

function toStanding(found: StandingRow | undefined): CallerStanding {
  if (!found) return { project: null, member: null, suspended: null };
  const { memberUserId, memberRoles, memberSkills, memberLanguages, memberActive, suspendedReason, ...project } = found;
  return {
    project,
    member: memberUserId === null ? null : { userId: memberUserId, roles: memberRoles, skills: memberSkills, languages: memberLanguages, active: memberActive },
    suspended: suspendedReason === null ? null : { reason: suspendedReason },
  };
}
