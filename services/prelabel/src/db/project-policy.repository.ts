import { Injectable } from '@nestjs/common';
import { PrelabelMode, SamplingStrategy, type Project } from '@verity/contracts';
import { row, rows, type Queryable } from '@verity/persistence';
import { ProjectSnapshotTable } from '@verity/service-runtime';

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

/** What prelabel keeps of the project's current ontology: each question's option ids. */
export interface OntologyCopy {
  version: number;
  questions: { questionId: string; kind: number; options: string[] }[];
}

function ontologyCopy(p: Project): OntologyCopy {
  const o = p.currentOntology!;
  return { version: o.version, questions: o.questions.map((q) => ({ questionId: q.questionId, kind: q.kind, options: q.options.map((x) => x.optionId) })) };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

@Injectable()
export class ProjectPolicyRepository {
  private readonly table = new ProjectSnapshotTable('prelabel');

  /** Stores the snapshot's policy unless a higher revision is already kept; true when applied. */
  async apply(db: Queryable, p: Project): Promise<boolean> {
    const pol = p.policy;
    return this.table.upsertIfNewer(db, p.projectId, p.revision, {
      mode: pol?.prelabelMode ?? PrelabelMode.UNSPECIFIED,
      auto_accept_threshold: pol?.autoAcceptThreshold ?? null,
      target_precision: pol?.targetPrecision ?? null,
      audit_rate: clamp01(pol?.auditRate ?? 0),
      sampling_strategy: pol?.samplingStrategy ?? SamplingStrategy.UNSPECIFIED,
      al_daily_budget: pol?.activeLearningDailyBudget ?? 0,
      // The current ontology's questions and option ids (labeling functions are checked against them).
      ontology: { value: p.currentOntology ? JSON.stringify(ontologyCopy(p)) : null, cast: 'jsonb' },
    });
  }

  async get(db: Queryable, projectId: string): Promise<ProjectPolicyCopy | null> {
    const r = await row<Record<string, unknown>>(db, `SELECT * FROM prelabel.projects WHERE project_id = $1`, [projectId]);
    return r ? toCopy(r) : null;
  }

  /** The questions of the project's current ontology; null when none is known (no snapshot, or none published). */
  async ontology(db: Queryable, projectId: string): Promise<OntologyCopy | null> {
    const r = await row<{ ontology: OntologyCopy | null }>(db, `SELECT ontology FROM prelabel.projects WHERE project_id = $1`, [projectId]);
    return r?.ontology ?? null;
  }

  /**
   * Projects with active learning on (a strategy and a budget).
   * @crossProject the active-learning timer visits every project with a budget
   */
  async withActiveLearning(db: Queryable): Promise<ProjectPolicyCopy[]> {
    const found = await rows<Record<string, unknown>>(db, `SELECT * FROM prelabel.projects WHERE sampling_strategy <> 0 AND al_daily_budget > 0`);
    return found.map(toCopy);
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
