import type { components } from './schema';

type Schemas = components['schemas'];
/** Shapes of the gateway's responses that the console reads. */
export type Role = 'admin' | 'project_manager' | 'quality_analyst' | 'annotator' | 'producer' | 'consumer';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  locale?: string | null;
}

export interface Member {
  userId: string;
  roles: string[];
  active: boolean;
}

export interface Project {
  id: string;
  name: string;
  description?: string;
  contentTypes?: string[];
}

export type Option = Question['options'][number];


export type Question = Schemas['TaskQuestion'];

export interface Span {
  start: number;
  end: number;
  optionId: string;
  text?: string;
}
export interface Segment {
  startMs: number;
  endMs: number;
  optionId: string;
}
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  optionId: string;
  frameMs?: number;
}

/** verity.common.v1.Answer in its protobuf JSON form: exactly one key. */
export type Answer =
  | { choice: { optionIds: string[] } }
  | { freeText: { text: string } }
  | { textSpans: { spans: Span[] } }
  | { timeSegments: { segments: Segment[] } }
  | { boxes: { boxes: Box[] } };

export type TaskContent = Schemas['TaskContent'];

/** A leased task as the annotator sees it (the gateway's OpenAPI schema). */
export type TaskView = Schemas['TaskView'];

export interface Example {
  content: string;
  questionId: string;
  answer: Record<string, unknown>;
  explanation: string;
}

export interface OntologyVersion {
  version: number;
  guidelines: { text: string; examples: Example[] };
}

export interface AdjudicationAnswer {
  annotationId: string;
  annotatorId: string;
  source: string;
  label: string | null;
  answer: unknown;
  reliability: number | null;
  weight: number | null;
  submittedAt: string | null;
  timeSpentMs: number | null;
  draftShown: boolean;
  model: unknown;
}

export interface AdjudicationEntry {
  requestId: string;
  itemId: string;
  taskId: string;
  questionId: string;
  ontologyVersion: number;
  state: 'open' | 'escalated' | 'decided' | string;
  reasons: string[];
  requestedAt: string;
  claimedBy: string | null;
}

export interface AdjudicationView extends AdjudicationEntry {
  content: { contentType: string; maskedText: string | null; mediaUrl?: string | null; mediaType?: string | null } | null;
  question: Question | null;
  guidelines: string | null;
  answers: AdjudicationAnswer[];
  majority: string | null;
  machineDraft: unknown;
  proposedLabel: string | null;
  posterior: number | null;
  agreement: number | null;
  escalation: { by: string; at: string; note: string } | null;
  verdict: { label?: string; labels?: string[]; note?: string; goldCandidate?: boolean; gold?: unknown } | null;
}

export interface MyWorkAnswer {
  annotationId: string;
  taskId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  answer: unknown;
  submittedAt: string;
  timeSpentMs: number | null;
  finalLabel: null | { label?: string | null; answer?: unknown; method?: string; decidedAt?: string };
}

export interface Rate {
  correct: number;
  total: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface MyWork {
  answers: MyWorkAnswer[];
  nextCursor: string | null;
  accuracy: null | Record<string, Rate>;
}
