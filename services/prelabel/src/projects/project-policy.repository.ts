import { Injectable } from '@nestjs/common';
import { PrelabelMode, SamplingStrategy, type Project } from '@verity/contracts';
import type { Queryable } from '@verity/persistence';

/** What prelabel keeps of a project snapshot: its machine-assistance policy. */
export interface ProjectPolicyCopy {
  projectId: string;
  revision: bigint;
  mode: PrelabelMode;
  autoAcceptThreshold: number | null;
  targetPrecision: number | null;
  auditRate: number;
  samplingStrategy: SamplingStrategy;
  alDailyBudget: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

@Injectable()
export class ProjectPolicyRepository {
  /** Stores the snapshot's policy unless a higher revision is already kept; true when applied. */
  async apply(db: Queryable, p: Project): Promise<boolean> {
    const pol = p.policy;
    const rows: unknown[] = await db.query(
      `INSERT INTO prelabel.projects (project_id, revision, mode, auto_accept_threshold, target_precision, audit_rate, sampling_strategy, al_daily_budget, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (project_id) DO UPDATE SET revision = EXCLUDED.revision, mode = EXCLUDED.mode,
         auto_accept_threshold = EXCLUDED.auto_accept_threshold, target_precision = EXCLUDED.target_precision,
         audit_rate = EXCLUDED.audit_rate, sampling_strategy = EXCLUDED.sampling_strategy,
         al_daily_budget = EXCLUDED.al_daily_budget, updated_at = now()
       WHERE prelabel.projects.revision < EXCLUDED.revision
       RETURNING project_id`,
      [
        p.projectId,
        p.revision.toString(),
        pol?.prelabelMode ?? PrelabelMode.UNSPECIFIED,
        pol?.autoAcceptThreshold ?? null,
        pol?.targetPrecision ?? null,
        clamp01(pol?.auditRate ?? 0),
        pol?.samplingStrategy ?? SamplingStrategy.UNSPECIFIED,
        pol?.activeLearningDailyBudget ?? 0,
      ],
    );
    return rows.length > 0;
  }

  async get(db: Queryable, projectId: string): Promise<ProjectPolicyCopy | null> {
    const [r] = await db.query(`SELECT * FROM prelabel.projects WHERE project_id = $1`, [projectId]);
    return r ? toCopy(r) : null;
  }

  /** Projects with active learning on (a strategy and a budget). */
  async withActiveLearning(db: Queryable): Promise<ProjectPolicyCopy[]> {
    const rows = await db.query(`SELECT * FROM prelabel.projects WHERE sampling_strategy <> 0 AND al_daily_budget > 0`);
    return rows.map(toCopy);
  }
}

function toCopy(r: Record<string, unknown>): ProjectPolicyCopy {
  return {
    projectId: r.project_id as string,
    revision: BigInt(r.revision as string),
    mode: r.mode as PrelabelMode,
    autoAcceptThreshold: (r.auto_accept_threshold as number | null) ?? null,
    targetPrecision: (r.target_precision as number | null) ?? null,
    auditRate: r.audit_rate as number,
    samplingStrategy: r.sampling_strategy as SamplingStrategy,
    alDailyBudget: r.al_daily_budget as number,
  };
}
