import { Inject, Injectable } from '@nestjs/common';
import { AnnotatorChange, causedBy, createEvent, type Envelope, newEnvelope, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { automaticSuspension } from '../domain/manual-suspension.rule';
import { blendedReliability, honeypotAccuracy, isMaterialChange, probabilityBelowFloor, suspensionEvidence } from '../domain/reliability.math';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { QUALITY_CONFIG, type QualitySettings } from '../quality.settings';
import type { EntityManager } from 'typeorm';
import { AnnotatorStats, AnnotatorStatsRepository, type ReliabilityUpdate } from '../db/annotator-stats.repository';

const f2 = (x: number) => x.toFixed(2);

/**
 * Recomputes annotators' blended reliability (see domain/reliability) after new evidence, applies
 * the suspension rule against the project's floor, and announces material changes on
 * annotators.v1 through the outbox (same transaction), with a reliability_history row each.
 */
@Injectable()
export class UpdateReliabilityUseCase {
  constructor(
    private readonly stats: AnnotatorStatsRepository,
    private readonly projects: ProjectCopyRepository,
    private readonly runtime: EventRuntime,
    @Inject(QUALITY_CONFIG) private readonly cfg: QualitySettings,
  ) {}

  /** Returns how many AnnotatorEvents were enqueued. */
  async execute(tx: EntityManager, projectId: string, annotatorIds: readonly string[], cause: Envelope): Promise<number> {
    if (annotatorIds.length === 0) return 0;
    const project = await this.projects.get(tx, projectId);
    const floor = project?.reliabilityFloor ?? 0;
    await this.stats.ensure(tx, projectId, annotatorIds);
    const all = await this.stats.get(tx, projectId, annotatorIds);
    let published = 0;
    const updates: (ReliabilityUpdate & { annotatorId: string })[] = [];
    for (const s of all.values()) {
      const reliability = this.reliabilityOf(s);
      // The automatic rule, on unbiased evidence only (see suspensionEvidence), under what people
      // decided (a manual suspension or reinstatement holds).
      const evidence = suspensionEvidence(s, { prior: this.cfg.QUALITY_RELIABILITY_PRIOR, knownTruthHalfWeight: this.cfg.QUALITY_KNOWN_TRUTH_HALF_WEIGHT });
      const next = automaticSuspension(
        { suspended: s.suspended, manual: s.suspensionManual, reinstatedAtKnownTruth: s.reinstatedAtKnownTruth },
        evidence,
        { floor, minHoneypots: this.cfg.QUALITY_MIN_HONEYPOTS, confidence: this.cfg.QUALITY_SUSPENSION_CONFIDENCE, reinstateMargin: this.cfg.QUALITY_REINSTATE_MARGIN },
      );
      const suspended = next.suspended;
      const suspensionChanged = suspended !== s.suspended;
      const material = isMaterialChange(s.publishedReliability, reliability, this.cfg.QUALITY_RELIABILITY_PUBLISH_DELTA, suspensionChanged);
      let reason: string | null = null;
      if (material) {
        // Only an automatic suspension's reason quotes the probability.
        const belowFloor = suspended && suspensionChanged ? { belowFloor: probabilityBelowFloor(evidence, floor) } : {};
        reason = (await this.publish(tx, s, { projectId, reliability, ruleReliability: evidence.reliability, ...belowFloor, suspended, suspensionChanged, floor, cause })).reason;
        published++;
      }
      updates.push({
        annotatorId: s.annotatorId,
        reliability,
        published: material,
        suspended,
        ...(suspensionChanged ? { manual: next.manual, reinstatedAtKnownTruth: next.reinstatedAtKnownTruth, change: { by: 'quality', reason: reason ?? '' } } : {}),
      });
    }
    await this.stats.saveReliabilities(tx, projectId, updates);
    return published;
  }

  /** The blended reliability of the annotator's evidence (see domain/reliability). */
  reliabilityOf(s: AnnotatorStats): number {
    return blendedReliability(s, { prior: this.cfg.QUALITY_RELIABILITY_PRIOR, knownTruthHalfWeight: this.cfg.QUALITY_KNOWN_TRUTH_HALF_WEIGHT });
  }

  /**
   * Enqueues the AnnotatorEvent (outbox, same transaction) and its reliability_history row;
   * returns its event id and the reason it carries. A person's suspension or reinstatement (`manual`) has no
   * triggering event: its reason names the person and theirs.
   */
  async publish(
    tx: EntityManager,
    s: AnnotatorStats,
    p: {
      projectId: string;
      reliability: number;
      /** What the automatic rule compared with the floor (honeypots and Dawid-Skene; see suspensionEvidence). */
      ruleReliability?: number;
      /** The rule's posterior probability that the annotator is below the floor. */
      belowFloor?: number;
      suspended: boolean;
      suspensionChanged: boolean;
      floor: number;
      cause: Envelope | null;
      manual?: { actorId: string; reason: string | null };
    },
  ): Promise<{ eventId: string; reason: string }> {
    const honeypot = honeypotAccuracy(s.honeypotsAnswered, s.honeypotsCorrect);
    const gold = s.goldAnswered > 0 ? s.goldCorrect / s.goldAnswered : null;
    const agreement = s.agreementPairs > 0 ? s.agreeingPairs / s.agreementPairs : null;
    const change = !p.suspensionChanged
      ? AnnotatorChange.RELIABILITY_UPDATED
      : p.suspended
        ? AnnotatorChange.SUSPENDED
        : AnnotatorChange.REINSTATED;
    const parts = [`reliability ${s.publishedReliability === null ? 'first scored at' : `${f2(s.publishedReliability)} →`} ${f2(p.reliability)}`];
    if (honeypot) parts.push(`honeypot accuracy ${f2(honeypot.accuracy)} (${s.honeypotsCorrect}/${s.honeypotsAnswered}, 95% CI ${f2(honeypot.low)}–${f2(honeypot.high)})`);
    if (s.dsReliability !== null) parts.push(`Dawid-Skene ${f2(s.dsReliability)}`);
    if (p.manual) {
      const verb = change === AnnotatorChange.SUSPENDED ? 'suspended' : 'reinstated';
      parts.unshift(`${verb} by ${p.manual.actorId}${p.manual.reason ? `: ${p.manual.reason}` : ''}`);
    } else if (change === AnnotatorChange.SUSPENDED)
      parts.unshift(
        `suspended: reliability on honeypots and Dawid-Skene ${f2(p.ruleReliability ?? p.reliability)}, below floor ${f2(p.floor)}` +
          (p.belowFloor === undefined ? '' : ` with probability ${f2(p.belowFloor)}`),
      );
    else if (change === AnnotatorChange.REINSTATED) parts.unshift(`reinstated: reliability on honeypots and Dawid-Skene ${f2(p.ruleReliability ?? p.reliability)} ≥ floor ${f2(p.floor)} + margin`);
    const reason = parts.join('; ');
    const envelope = newEnvelope({ producer: 'quality', projectId: p.projectId, spec: TOPICS.annotators, ...(p.cause ? causedBy(p.cause) : {}) });
    const event = createEvent(TOPICS.annotators, {
      envelope,
      annotatorId: s.annotatorId,
      change,
      reliability: p.reliability,
      previousReliability: s.publishedReliability ?? undefined,
      honeypotAccuracy: honeypot?.accuracy,
      honeypotsScored: s.honeypotsAnswered,
      goldAccuracy: gold ?? undefined,
      goldScored: s.goldAnswered,
      agreement: agreement ?? undefined,
      answersCounted: s.answersCounted,
      suspended: p.suspended,
      reliabilityFloor: p.floor,
      reason,
      triggerEventId: p.cause?.eventId ?? '',
    });
    await this.runtime.outbox.enqueue(tx, TOPICS.annotators, event);
    await this.stats.addHistory(tx, p.projectId, {
      annotatorId: s.annotatorId,
      change: AnnotatorChange[change],
      reliability: p.reliability,
      previousReliability: s.publishedReliability,
      honeypotAccuracy: honeypot?.accuracy ?? null,
      honeypotsAnswered: s.honeypotsAnswered,
      goldAccuracy: gold,
      dsReliability: s.dsReliability,
      agreement,
      suspended: p.suspended,
      reason,
      triggerEventId: p.cause?.eventId ?? null,
      eventId: envelope.eventId,
      actorId: p.manual?.actorId ?? null,
    });
    return { eventId: envelope.eventId, reason };
  }
}
