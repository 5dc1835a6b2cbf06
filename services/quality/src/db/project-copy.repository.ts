import { Injectable } from '@nestjs/common';
import { Project, QuestionKind } from '@verity/contracts';
import { ProjectAccessRepository, ProjectSnapshotTable } from '@verity/service-runtime';
import { type Queryable, row } from '@verity/persistence';
import { TxMemo } from './tx.memo';

/** What quality keeps of a question of the project's current ontology version. */
export interface QuestionInfo {
  kind: QuestionKind;
  options: string[];
}

/** The local copy of a project's policy (projects.v1). */
export interface ProjectCopy {
  projectId: string;
  revision: bigint;
  archived: boolean;
  answersPerTask: number;
  agreementThreshold: number;
  posteriorThreshold: number;
  reliabilityFloor: number;
  /** Policy: annotators see their own accuracy on checks in "my work". */
  showAnnotatorAccuracy: boolean;
  ontologyVersion: number | null;
  questions: Record<string, QuestionInfo>;
}

/** A person's membership of the project, as the latest snapshot lists it. */
export interface MemberCopy {
  userId: string;
  /** Project roles: 'annotator', 'quality_analyst', 'project_manager'. */
  roles: string[];
  active: boolean;
}

interface Row {
  project_id: string;
  revision: string;
  archived: boolean;
  answers_per_task: number;
  agreement_threshold: number;
  posterior_threshold: number;
  reliability_floor: number;
  show_annotator_accuracy: boolean;
  ontology_version: number | null;
  questions: Record<string, QuestionInfo>;
}

/** quality.projects: the latest revision of every project wins; older snapshots change nothing. */
@Injectable()
export class ProjectCopyRepository {
  private readonly access = new ProjectAccessRepository('quality');
  private readonly table = new ProjectSnapshotTable('quality');
  /** A batch of answers reads its project once per transaction; a snapshot stored in it forgets the copy. */
  private readonly inTx = new TxMemo<ProjectCopy | null>();

  /**
   * Stores the snapshot unless the same or a higher revision is there; true if stored. (Members:
   * ProjectAccess's copy.)
   */
  async upsertIfNewer(tx: Queryable, p: Project): Promise<boolean> {
    const questions: Record<string, QuestionInfo> = {};
    for (const q of p.currentOntology?.questions ?? []) {
      questions[q.questionId] = { kind: q.kind, options: q.options.map((o) => o.optionId) };
    }
    const policy = p.policy;
    const written = await this.table.upsertIfNewer(tx, p.projectId, p.revision, {
      archived: p.archived,
      answers_per_task: policy?.answersPerTask ?? 0,
      agreement_threshold: unit(policy?.agreementThreshold),
      posterior_threshold: unit(policy?.posteriorThreshold),
      reliability_floor: unit(policy?.reliabilityFloor),
      ontology_version: p.currentOntology?.version ?? null,
      questions: { value: JSON.stringify(questions), cast: 'jsonb' },
      show_annotator_accuracy: policy?.showAnnotatorAccuracy ?? false,
    });
    this.inTx.delete(tx, p.projectId);
    return written;
  }

  /**
   * The person's membership of the project, or null when the latest snapshot does not list them:
   * from the platform's one membership copy (quality.project_access, ProjectAccess).
   */
  member(db: Queryable, projectId: string, userId: string): Promise<MemberCopy | null> {
    return this.access.member(db, projectId, userId);
  }

  async get(db: Queryable, projectId: string): Promise<ProjectCopy | null> {
    const memo = this.inTx.get(db, projectId);
    if (memo !== undefined) return memo;
    const copy = await this.read(db, projectId);
    this.inTx.set(db, projectId, copy);
    return copy;
  }

  private async read(db: Queryable, projectId: string): Promise<ProjectCopy | null> {
    const r = await row<Row>(db, `SELECT * FROM quality.projects WHERE project_id = $1`, [projectId]);
    if (!r) return null;
    return {
      projectId: r.project_id,
      revision: BigInt(r.revision),
      archived: r.archived,
      answersPerTask: r.answers_per_task,
      agreementThreshold: r.agreement_threshold,
      posteriorThreshold: r.posterior_threshold,
      reliabilityFloor: r.reliability_floor,
      showAnnotatorAccuracy: r.show_annotator_accuracy,
      ontologyVersion: r.ontology_version,
      questions: r.questions ?? {},
    };
  }
}

const unit = (x: number | undefined) => Math.min(1, Math.max(0, Number.isFinite(x) ? (x as number) : 0));

/** The question of the task's ontology version, when the copy holds that version. */
export function questionOf(project: ProjectCopy | null, questionId: string, ontologyVersion: number): QuestionInfo | undefined {
  if (!project || project.ontologyVersion !== ontologyVersion) return undefined;
  return project.questions[questionId];
}
