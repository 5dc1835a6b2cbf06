import { Injectable } from '@nestjs/common';
import type { Tier } from '../domain/request-state.rule';
import { type Queryable, row } from '@verity/persistence';

export interface VerdictRow {
  requestId: string;
  projectId: string;
  decisionId: string;
  adjudicatorId: string;
  tier: Tier;
  label: string;
  answer: unknown;
  confidence: number;
  note: string;
  goldCandidate: boolean;
  overrodeMajority: boolean;
  decidedAt: Date;
  /** The DecisionEvent published for the verdict, in protobuf JSON. */
  decision: unknown;
  goldConfirmedBy: string | null;
  goldConfirmedAt: Date | null;
  goldDecisionId: string | null;
}

const COLUMNS = `request_id AS "requestId", project_id AS "projectId", decision_id AS "decisionId", adjudicator_id AS "adjudicatorId",
  tier, label, answer, confidence, note, gold_candidate AS "goldCandidate", overrode_majority AS "overrodeMajority",
  decided_at AS "decidedAt", decision, gold_confirmed_by AS "goldConfirmedBy", gold_confirmed_at AS "goldConfirmedAt",
  gold_decision_id AS "goldDecisionId"`;

@Injectable()
export class VerdictRepository {
  async insert(db: Queryable, projectId: string, v: Omit<VerdictRow, 'projectId' | 'goldConfirmedBy' | 'goldConfirmedAt' | 'goldDecisionId'>): Promise<void> {
    await db.query(
      `INSERT INTO adjudication.verdicts (request_id, project_id, decision_id, adjudicator_id, tier, label, answer, confidence, note,
         gold_candidate, overrode_majority, decided_at, decision)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13::jsonb)`,
      [
        v.requestId,
        projectId,
        v.decisionId,
        v.adjudicatorId,
        v.tier,
        v.label,
        JSON.stringify(v.answer),
        v.confidence,
        v.note,
        v.goldCandidate,
        v.overrodeMajority,
        v.decidedAt,
        JSON.stringify(v.decision),
      ],
    );
  }

  async find(db: Queryable, projectId: string, requestId: string, opts: { forUpdate?: boolean } = {}): Promise<VerdictRow | null> {
    const found = await row<VerdictRow>(
      db,
      `SELECT ${COLUMNS} FROM adjudication.verdicts WHERE request_id = $1 AND project_id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [requestId, projectId],
    );
    return found ?? null;
  }

  async confirmGold(db: Queryable, projectId: string, requestId: string, by: string, goldDecisionId: string, at: Date): Promise<void> {
    await db.query(
      `UPDATE adjudication.verdicts SET gold_confirmed_by = $2, gold_confirmed_at = $4, gold_decision_id = $3
       WHERE request_id = $1 AND project_id = $5 AND gold_confirmed_at IS NULL`,
      [requestId, by, goldDecisionId, at, projectId],
    );
  }
}
