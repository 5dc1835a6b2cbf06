import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, EventRuntime, type Principal } from '@verity/service-runtime';
import { manualReinstate, manualSuspend } from '../domain/manual-suspension.rule';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { lockProject } from '../db/project.lock';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { UpdateReliabilityUseCase } from './update-reliability.use-case';

export type SuspensionAction = 'suspend' | 'reinstate';

/** What POST …/annotators/:annotatorId/suspend and …/reinstate answer. */
export interface SuspensionView {
  projectId: string;
  annotatorId: string;
  /** Suspended from new work in this project after the call. */
  suspended: boolean;
  /** The suspension was set by a person (the automatic rule never lifts it). */
  manual: boolean;
  /** Whether this call changed the suspension state (false: it already was so; nothing published). */
  changed: boolean;
  /** The annotators.v1 event this call published; null when it changed nothing. */
  eventId: string | null;
  /** The last suspension change: who ('quality' for the automatic rule), why, when; null before any. */
  by: string | null;
  reason: string | null;
  at: string | null;
}

const MANAGING_ROLES = ['project_manager', 'quality_analyst'];

/**
 * A person suspends or reinstates an annotator in a project. Allowed to admins and to active
 * members with the project role project_manager or quality_analyst (project copy from
 * projects.v1): an unknown project or a non-member gets 404, a member without the role 403. The
 * annotator must be known in the project (a member, or someone quality has statistics for).
 *
 * Under the project lock, like every other change of an annotator's standing: the state changes
 * (see domain/manual-suspension), a SUSPENDED / REINSTATED AnnotatorEvent goes to annotators.v1
 * through the outbox, exactly as the automatic rule publishes it (assignment applies it per
 * project), its reason naming the person and theirs, with a reliability_history row carrying the
 * person (actor_id). Idempotent: a call that changes no state publishes nothing (suspending an
 * automatically suspended annotator makes the suspension manual, recorded, without an event).
 */
@Injectable()
export class ManualSuspensionUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runtime: EventRuntime,
    private readonly projects: ProjectCopyRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly reliability: UpdateReliabilityUseCase,
  ) {}

  async execute(principal: Principal, projectId: string, annotatorId: string, action: SuspensionAction, reason: string | null): Promise<SuspensionView> {
    const view = await this.ds.transaction(async (tx) => {
      await lockProject(tx, projectId);
      const project = await this.projects.get(tx, projectId);
      if (!project) throw new NotFoundException('project not found');
      if (!principal.roles.includes('admin')) {
        if (principal.kind !== 'user') throw new ForbiddenException('suspensions are decided by people: sign in');
        const member = await this.projects.member(tx, projectId, principal.id);
        if (!member || !member.active) throw new NotFoundException('project not found');
        if (!member.roles.some((r) => MANAGING_ROLES.includes(r))) {
          throw new ForbiddenException(`this action needs one of the project roles: ${MANAGING_ROLES.join(', ')}`);
        }
      }
      let stats = (await this.stats.get(tx, projectId, [annotatorId])).get(annotatorId);
      if (!stats) {
        if (!(await this.projects.member(tx, projectId, annotatorId))) throw new NotFoundException('annotator not found in this project');
        await this.stats.ensure(tx, projectId, [annotatorId]);
        stats = (await this.stats.get(tx, projectId, [annotatorId])).get(annotatorId)!;
      }
      const state = { suspended: stats.suspended, manual: stats.suspensionManual, reinstatedAtKnownTruth: stats.reinstatedAtKnownTruth };
      const knownTruth = stats.honeypotsAnswered; // the automatic rule's evidence count (suspensionEvidence)
      const { next, changed } = action === 'suspend' ? manualSuspend(state) : manualReinstate(state, knownTruth);
      const reliability = stats.reliability ?? this.reliability.reliabilityOf(stats);
      let eventId: string | null = null;
      if (changed) {
        const published = await this.reliability.publish(tx, stats, {
          projectId,
          reliability,
          suspended: next.suspended,
          suspensionChanged: true,
          floor: project.reliabilityFloor,
          cause: null,
          manual: { actorId: principal.id, reason },
        });
        eventId = published.eventId;
        await this.stats.saveReliability(tx, projectId, annotatorId, {
          reliability,
          published: true,
          suspended: next.suspended,
          manual: next.manual,
          reinstatedAtKnownTruth: next.reinstatedAtKnownTruth,
          change: { by: principal.id, reason: reason ?? '' },
        });
      } else if (action === 'suspend' && !stats.suspensionManual) {
        // Already suspended by the rule: the suspension becomes the person's (never lifted automatically).
        await this.stats.saveReliability(tx, projectId, annotatorId, {
          reliability,
          published: false,
          suspended: true,
          manual: true,
          reinstatedAtKnownTruth: null,
          change: { by: principal.id, reason: reason ?? '' },
        });
      }
      const after = (await this.stats.get(tx, projectId, [annotatorId])).get(annotatorId)!;
      return {
        projectId,
        annotatorId,
        suspended: after.suspended,
        manual: after.suspensionManual,
        changed,
        eventId,
        by: after.suspensionBy,
        reason: after.suspensionReason,
        at: after.suspensionChangedAt ? new Date(after.suspensionChangedAt).toISOString() : null,
      };
    });
    if (view.changed) this.runtime.relay.kick();
    return view;
  }
}
