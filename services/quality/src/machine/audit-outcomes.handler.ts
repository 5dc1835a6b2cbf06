import { Injectable, OnModuleInit } from '@nestjs/common';
import { type DecisionEvent, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { answerKey } from '../domain/answer-key';
import { MachineAuditsRepository } from './machine-audits.repository';

/** A final label quality did not decide itself: an expert verdict (adjudication) on a task. */
export const isExpertDecision = (d: DecisionEvent): boolean => d.envelope?.producer !== 'quality' && d.adjudicated && d.taskId !== '';

/**
 * decisions.v1 (group `quality.audits`): an audited task that quality sent to adjudication gets
 * its final label from the expert's decision; its open machine audits are resolved against it.
 * (Audits of tasks quality decides itself are resolved in the same transaction as the decision.)
 */
@Injectable()
export class AuditOutcomesHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly audits: MachineAuditsRepository,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('quality.audits');
    this.runtime.consumer({ groupSuffix: 'audits' }).subscribe(TOPICS.decisions, async (d: DecisionEvent, ctx) => {
      if (!isExpertDecision(d)) return;
      const finalKey = answerKey(d.answer) ?? (d.label || null);
      if (finalKey === null) return;
      let resolved = 0;
      await inbox.once(ctx, async (tx) => {
        resolved = await this.audits.resolve(tx, d.taskId, finalKey, 'adjudication');
      });
      if (resolved > 0) this.logger.info('machine audits resolved by an expert verdict', { taskId: d.taskId, resolved });
    });
  }
}
