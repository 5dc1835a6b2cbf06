import { gateway as g, unwrap } from './http';
import type { components } from './schema';

type Schemas = components['schemas'];

export type LabelAudit = Schemas['LabelAudit'];
export type AuditVersion = Schemas['LabelVersion'];
export type OntologyVersionFull = Schemas['OntologyVersion'];
export type OntologyQuestion = Schemas['OntologyQuestion'];
export type StoryProject = Schemas['Project'];

/**
 * The LabelEvent of a label version in protobuf JSON (lowerCamelCase names, enums as their names,
 * 64-bit integers as strings, default values left out): only the parts the story reads.
 */
export interface ProtoModelInfo {
  backend?: string;
  modelId?: string;
  modelVersion?: string;
  promptVersion?: string;
  confidence?: number;
  calibratedConfidence?: number;
}

export interface ProtoAnswerRecord {
  annotationId?: string;
  annotatorId?: string;
  source?: string;
  answer?: unknown;
  submittedAt?: string;
  timeSpentMs?: string | number;
  draftShown?: boolean;
  reliability?: number;
  weight?: number;
  model?: ProtoModelInfo;
  eventId?: string;
  taskEventId?: string;
  prelabelEventId?: string;
}

export interface ProtoVerdict {
  requestId?: string;
  adjudicatorId?: string;
  tier?: string;
  answer?: unknown;
  confidence?: number;
  note?: string;
  goldCandidate?: boolean;
  decidedAt?: string;
}

export interface ProtoWeakLabel {
  feedbackId?: string;
  source?: string;
  sourceDetail?: string;
  answer?: unknown;
  observedAt?: string;
}

export interface ProtoLabelEvent {
  envelope?: { eventId?: string; occurredAt?: string; producer?: string };
  label?: string;
  answer?: unknown;
  softLabel?: Record<string, number>;
  confidence?: number;
  adjudicated?: boolean;
  gold?: boolean;
  decidedAt?: string;
  provenance?: {
    answers?: ProtoAnswerRecord[];
    aggregation?: { method?: string; parameters?: Record<string, string> };
    agreement?: { pairwise?: number; answerCount?: number };
    verdict?: ProtoVerdict;
    weakLabels?: ProtoWeakLabel[];
    decisionEventId?: string;
    contentEventId?: string;
    taskId?: string;
    taskEventId?: string;
    /** Present when an ontology migration map (rename, merge) carried the label to a newer version. */
    migration?: ProtoLabelMigration;
  };
}

export interface ProtoLabelMigration {
  entries?: { questionId?: string; kind?: string; fromOptionIds?: string[]; toOptionIds?: string[] }[];
  fromOntologyVersion?: number;
  toOntologyVersion?: number;
  fromLabelVersion?: number;
  fromLabel?: string;
  projectEventId?: string;
}

/** The protobuf JSON of the item's ContentReference. */
export interface ProtoContentReference {
  source?: string;
  sourceId?: string;
  contentType?: string;
  contentSha256?: string;
}

const p = (projectId: string) => ({ params: { path: { projectId } } });

/** The item story's calls: the project and its ontology versions once, then one audit per question. */
export const storyApi = {
  project: (projectId: string) => unwrap<StoryProject>(g.GET('/v1/projects/{projectId}', p(projectId))),
  ontologies: (projectId: string) => unwrap<{ ontologies: OntologyVersionFull[] }>(g.GET('/v1/projects/{projectId}/ontologies', p(projectId))).then((r) => r.ontologies),
  ontology: (projectId: string, version: number) =>
    unwrap<OntologyVersionFull>(g.GET('/v1/projects/{projectId}/ontologies/{version}', { params: { path: { projectId, version: String(version) } } })),
  audit: (projectId: string, itemId: string, questionId: string) =>
    unwrap<LabelAudit>(g.GET('/v1/projects/{projectId}/labels/{itemId}/{questionId}/audit', { params: { path: { projectId, itemId, questionId } } })),
};
