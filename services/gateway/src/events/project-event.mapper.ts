import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  createEvent,
  newEnvelope,
  OntologyVersion,
  OptionMigration,
  PrelabelMode,
  ProjectChange,
  ProjectEvent,
  ProjectRole,
  RelabelPolicy,
  SamplingStrategy,
  TOPICS,
} from '@verity/contracts';
import { toContentType } from '../domain/content-types.rule';
import { RelabelPolicyName } from '../http/ontology.schemas';
import { Member, Project } from '../domain/project.model';
import { ProjectPolicy } from '../http/project-policy.schema';
import { ProjectRoleName } from '../http/project.schemas';

export const RELABEL_POLICY_VALUES: Record<RelabelPolicyName, RelabelPolicy> = {
  keep: RelabelPolicy.KEEP,
  relabel: RelabelPolicy.RELABEL,
  exclude: RelabelPolicy.EXCLUDE,
};

const PRELABEL: Record<ProjectPolicy['prelabelMode'], PrelabelMode> = {
  default: PrelabelMode.UNSPECIFIED,
  llm: PrelabelMode.LLM,
  local: PrelabelMode.LOCAL,
  off: PrelabelMode.OFF,
};

const SAMPLING: Record<ProjectPolicy['sampling']['strategy'], SamplingStrategy> = {
  none: SamplingStrategy.UNSPECIFIED,
  least_confidence: SamplingStrategy.LEAST_CONFIDENCE,
  margin: SamplingStrategy.MARGIN,
  entropy: SamplingStrategy.ENTROPY,
  random: SamplingStrategy.RANDOM,
};

const ROLE: Record<ProjectRoleName, ProjectRole> = {
  annotator: ProjectRole.ANNOTATOR,
  quality_analyst: ProjectRole.QUALITY_ANALYST,
  project_manager: ProjectRole.PROJECT_MANAGER,
};

export interface SnapshotInput {
  project: Project;
  members: Member[];
  ontology?: OntologyVersion;
  /** The migration map the current ontology version was published with ([] when none). */
  migrations?: OptionMigration[];
  change: ProjectChange;
  published?: { version: number; previous?: number; relabelPolicy: RelabelPolicyName; migrations?: OptionMigration[] };
}

/** The complete projects.v1 snapshot of a project (the topic is compacted: nothing may be left out). */
export function toProjectEvent(s: SnapshotInput): ProjectEvent {
  const p = s.project;
  const policy = p.policy;
  return createEvent(TOPICS.projects, {
    envelope: newEnvelope({ producer: 'gateway', projectId: p.id, spec: TOPICS.projects, occurredAt: new Date(p.updatedAt) }),
    change: s.change,
    project: {
      projectId: p.id,
      name: p.name,
      description: p.description,
      contentTypes: p.contentTypes.map(toContentType),
      filter: {
        sources: p.filter.sources,
        contentTypes: p.filter.contentTypes.map(toContentType),
        tagsAny: p.filter.tagsAny,
        languages: p.filter.languages,
      },
      policy: {
        answersPerTask: policy.answersPerTask,
        honeypotRate: policy.honeypotRate,
        agreementThreshold: policy.agreementThreshold,
        posteriorThreshold: policy.posteriorThreshold,
        reliabilityFloor: policy.reliabilityFloor,
        autoAcceptThreshold: policy.autoAcceptThreshold ?? undefined,
        targetPrecision: policy.targetPrecision ?? undefined,
        auditRate: policy.auditRate,
        prelabelMode: PRELABEL[policy.prelabelMode],
        routing: { requiredSkills: policy.routing.requiredSkills, matchLanguage: policy.routing.matchLanguage },
        keepUnmaskedOriginal: policy.keepUnmaskedOriginal,
        rawAccessRoles: [...policy.rawAccessRoles],
        samplingStrategy: SAMPLING[policy.sampling.strategy],
        activeLearningDailyBudget: policy.sampling.dailyBudget,
        leaseSeconds: policy.leaseSeconds,
        showAnnotatorAccuracy: policy.showAnnotatorAccuracy,
        costHumanPerAnswer: policy.costs.humanPerAnswer,
        costHumanPerHour: policy.costs.humanPerHour,
        costExpertPerVerdict: policy.costs.expertPerVerdict,
        costExpertPerHour: policy.costs.expertPerHour,
        blindControlRate: policy.blindControlRate ?? undefined,
      },
      currentOntology: s.ontology,
      currentRelabelPolicy: p.currentRelabelPolicy ? RELABEL_POLICY_VALUES[p.currentRelabelPolicy] : RelabelPolicy.UNSPECIFIED,
      archived: p.archived,
      revision: BigInt(p.revision),
      updatedAt: timestampFromDate(new Date(p.updatedAt)),
      members: s.members.map((m) => ({ userId: m.userId, roles: m.roles.map((r) => ROLE[r]), skills: m.skills, languages: m.languages, active: m.active })),
      currentMigrations: s.migrations ?? [],
    },
    ontologyPublished: s.published && {
      ontologyVersion: s.published.version,
      previousVersion: s.published.previous,
      relabelPolicy: RELABEL_POLICY_VALUES[s.published.relabelPolicy],
      migrations: s.published.migrations ?? [],
    },
  });
}
