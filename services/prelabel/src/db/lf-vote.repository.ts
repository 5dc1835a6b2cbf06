import { Injectable } from '@nestjs/common';
import type { LfVote } from '@verity/label-science';
import { rows, type Queryable } from '@verity/persistence';

/** A vote with its project (a batch of tasks may span projects). */
export interface ProjectLfVote extends LfVote {
  projectId: string;
}

/** A stored vote: one LF version voted `label` on the item for the question. */
export interface StoredVote {
  itemId: string;
  lfId: string;
  lfVersion: number;
  label: string;
  votedAt: Date;
}

/** Votes of labeling functions, per (item, question, LF version); an abstain is no row. */
@Injectable()
export class LfVoteRepository {
  /** Stores the votes in one statement (a vote already stored stays as it was); how many were new. */
  async insertMany(db: Queryable, votes: readonly ProjectLfVote[]): Promise<number> {
    if (votes.length === 0) return 0;
    const inserted = await rows<{ item_id: string }>(
      db,
      `INSERT INTO prelabel.lf_votes (project_id, item_id, question_id, lf_id, lf_version, label)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
       ON CONFLICT DO NOTHING RETURNING item_id`,
      [votes.map((v) => v.projectId), votes.map((v) => v.item_id), votes.map((v) => v.question_id), votes.map((v) => v.lf_id), votes.map((v) => v.lf_version), votes.map((v) => v.label)],
    );
    return inserted.length;
  }

  /** Every vote about one question of the project (every LF version, retired ones too). */
  async forQuestion(db: Queryable, projectId: string, questionId: string): Promise<StoredVote[]> {
    const votes = await rows<{ item_id: string; lf_id: string; lf_version: number; label: string; voted_at: Date }>(
      db,
      `SELECT item_id, lf_id, lf_version, label, voted_at FROM prelabel.lf_votes WHERE project_id = $1 AND question_id = $2`,
      [projectId, questionId],
    );
    return votes.map((r) => ({ itemId: r.item_id, lfId: r.lf_id, lfVersion: r.lf_version, label: r.label, votedAt: r.voted_at }));
  }

  /** How many votes the question has (every LF version). */
  async count(db: Queryable, projectId: string, questionId: string): Promise<number> {
    const [r] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM prelabel.lf_votes WHERE project_id = $1 AND question_id = $2`, [projectId, questionId]);
    return r.n;
  }

  /** The questions of the project with LF votes. */
  async questions(db: Queryable, projectId: string): Promise<string[]> {
    const questions = await rows<{ question_id: string }>(db, `SELECT DISTINCT question_id FROM prelabel.lf_votes WHERE project_id = $1 ORDER BY question_id`, [projectId]);
    return questions.map((r) => r.question_id);
  }
}
