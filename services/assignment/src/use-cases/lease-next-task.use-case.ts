import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { uuidv7 } from '@verity/contracts';
import { DATA_SOURCE, type Principal } from '@verity/service-runtime';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { honeypotCopyIds, isBlindControlTurn, isHoneypotTurn } from '../domain/honeypot.scheduler';
import { canTake, routingFilter } from '../domain/eligibility.rule';
import { AnnotatorAccessService } from './annotator-access.service';
import { LeaseRepository } from '../db/lease.repository';
import { toTaskView, type TaskView } from '../domain/task-view.mapper';

/**
 * POST /v1/projects/:projectId/tasks/next: lease one task to the caller, atomically.
 *
 * 1. Gate: active annotator member of the project, not suspended; the same statement takes the
 *    caller's lease lock (one call at a time per caller and project, to commit).
 * 2. At most ASSIGNMENT_MAX_ACTIVE_LEASES live leases per caller and project, counted in the
 *    statement that picks the slot (3).
 * 3. The next takeable real slot in queue order (priority, then age), routed by skills and
 *    language, never a task or item-question the caller already had; SKIP LOCKED.
 * 4. When a real slot exists and the honeypot schedule says so, an unseen gold item is served
 *    instead, as a fresh one-slot copy that shows what a real task of its question shows: ids
 *    carrying the displaced task's and item's timestamps, the real tasks' question snapshot and
 *    guidelines, no draft.
 * 5. Otherwise the real slot; its draft, if any, is withheld on blind-control turns, so that
 *    "no draft" is no sign of a check (docs/decisions.md #41).
 * 6. Returns null (204) when nothing is takeable.
 */
@Injectable()
export class LeaseNextTaskUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
    private readonly access: AnnotatorAccessService,
    private readonly leases: LeaseRepository,
  ) {}

  async execute(principal: Principal, projectId: string): Promise<TaskView | null> {
    return this.ds.transaction(async (tx) => {
      const { project, member } = await this.access.require(tx, principal, projectId, { forNewWork: true, lockLeases: true });
      if (project.archived) return null;
      const annotatorId = principal.id;
      const routing = { archived: project.archived, requiredSkills: project.requiredSkills, matchLanguage: project.matchLanguage };
      const filter = routingFilter(routing, member);
      if (!filter.projectSkillsMet) {
        this.checkLiveLeases((await this.leases.callerCounts(tx, projectId, annotatorId)).live);
        return null;
      }
      const { live, leases: n, slot } = await this.leases.countsAndNextSlot(tx, projectId, annotatorId, filter);
      this.checkLiveLeases(live);
      if (!slot) return null;
      if (!canTake(routing, member, slot)) throw new Error(`routing mismatch on task ${slot.taskId}`);

      const leaseId = uuidv7();
      const leaseSeconds = project.leaseSeconds || this.config.ASSIGNMENT_DEFAULT_LEASE_SECONDS;
      // Gold is looked up on every lease of a project with honeypots, not only on honeypot turns,
      // so that a honeypot is not the slower answer (response time is visible to annotators).
      const gold = project.honeypotRate > 0
        ? await this.leases.unseenGold(tx, projectId, annotatorId, filter, project.ontologyVersion, `${annotatorId}|${n}`)
        : null;
      if (gold && isHoneypotTurn(this.config.ASSIGNMENT_HONEYPOT_SEED, projectId, annotatorId, n, project.honeypotRate)) {
        const copy = honeypotCopyIds(slot);
        return toTaskView(await this.leases.leaseHoneypotCopy(tx, projectId, copy, gold, { priority: slot.priority, annotatorId, leaseId, leaseSeconds }));
      }
      const leased = await this.leases.leaseSlot(tx, projectId, {
        taskId: slot.taskId,
        slotNo: slot.slotNo,
        itemId: slot.itemId,
        questionId: slot.questionId,
        annotatorId,
        leaseId,
        prevLeaseId: slot.prevLeaseId,
        leaseSeconds,
        draftShown:
          slot.hasDraft &&
          !isBlindControlTurn(this.config.ASSIGNMENT_HONEYPOT_SEED, projectId, annotatorId, n, project.blindControlRate, project.honeypotRate),
      });
      return toTaskView(leased);
    });
  }

  private checkLiveLeases(live: number): void {
    if (live >= this.config.ASSIGNMENT_MAX_ACTIVE_LEASES) {
      throw new ConflictException(
        `you already hold ${live} active leases in this project (the most is ${this.config.ASSIGNMENT_MAX_ACTIVE_LEASES}); submit or skip one first`,
      );
    }
  }
}
