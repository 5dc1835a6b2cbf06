import { gateway as g, unwrap } from './http';
import type { components } from './schema';

export type Schemas = components['schemas'];
export type FullProject = Schemas['Project'];
export type ProjectPolicy = Schemas['ProjectPolicy'];
export type ProjectMember = Schemas['Member'];
export type UserRow = Schemas['User'];
export type ApiKeyRow = Schemas['ApiKey'];
export type OntologySummary = Schemas['OntologyVersion'];

const p = (projectId: string) => ({ params: { path: { projectId } } });

/** The manager's and operator's calls: projects, members, API keys, ontologies, releases. */
export const manage = {
  project: (projectId: string) => unwrap<FullProject>(g.GET('/v1/projects/{projectId}', p(projectId))),
  createProject: (body: Schemas['CreateProjectRequest']) => unwrap<FullProject>(g.POST('/v1/projects', { body })),
  updateProject: (projectId: string, body: Schemas['UpdateProjectRequest']) => unwrap<FullProject>(g.PATCH('/v1/projects/{projectId}', { ...p(projectId), body })),
  members: (projectId: string) => unwrap<{ members: ProjectMember[] }>(g.GET('/v1/projects/{projectId}/members', p(projectId))).then((r) => r.members),
  setMember: (projectId: string, userId: string, body: Schemas['SetMemberRequest']) =>
    unwrap<ProjectMember>(g.PUT('/v1/projects/{projectId}/members/{userId}', { params: { path: { projectId, userId } }, body })),
  removeMember: (projectId: string, userId: string) => unwrap<void>(g.DELETE('/v1/projects/{projectId}/members/{userId}', { params: { path: { projectId, userId } } })),
  users: () => unwrap<{ users: UserRow[] }>(g.GET('/v1/users')).then((r) => r.users),
  apiKeys: () => unwrap<{ apiKeys: ApiKeyRow[] }>(g.GET('/v1/api-keys')).then((r) => r.apiKeys),
  createApiKey: (body: Schemas['CreateApiKeyRequest']) => unwrap<Schemas['CreatedApiKey']>(g.POST('/v1/api-keys', { body })),
  revokeApiKey: (keyId: string) => unwrap<void>(g.DELETE('/v1/api-keys/{keyId}', { params: { path: { keyId } } })),
};

export type OntologyDraft = Pick<Schemas['OntologyVersion'], 'guidelines' | 'questions'>;
export type OntologyQuestion = Schemas['OntologyQuestion'];
export interface MigrationEntry {
  questionId: string;
  kind: 'rename' | 'merge' | 'split';
  from: string[];
  to: string[];
}

const v = (projectId: string, version: number) => ({ params: { path: { projectId, version: String(version) } } });

export const ontologies = {
  list: (projectId: string) => unwrap<{ ontologies: OntologySummary[] }>(g.GET('/v1/projects/{projectId}/ontologies', p(projectId))).then((r) => r.ontologies),
  get: (projectId: string, version: number) => unwrap<OntologySummary>(g.GET('/v1/projects/{projectId}/ontologies/{version}', v(projectId, version))),
  createDraft: (projectId: string, body: OntologyDraft) => unwrap<OntologySummary>(g.POST('/v1/projects/{projectId}/ontologies', { ...p(projectId), body: body as never })),
  saveDraft: (projectId: string, version: number, body: OntologyDraft) =>
    unwrap<OntologySummary>(g.PUT('/v1/projects/{projectId}/ontologies/{version}', { ...v(projectId, version), body: body as never })),
  publish: (projectId: string, version: number, body: { relabelPolicy?: 'keep' | 'relabel' | 'exclude'; migrations?: MigrationEntry[] }) =>
    unwrap<OntologySummary>(g.POST('/v1/projects/{projectId}/ontologies/{version}/publish', { ...v(projectId, version), body: body as never })),
  /** The difference between two versions (added, removed and changed questions and options). */
  diff: (projectId: string, a: number, b: number) =>
    unwrap<OntologyDiff>(g.GET(`/v1/projects/{projectId}/ontologies/{a}/diff/{b}` as never, { params: { path: { projectId, a: String(a), b: String(b) } } } as never)),
};

export interface OntologyDiff {
  from: number;
  to: number;
  guidelinesChanged: boolean;
  questions: {
    added: string[];
    removed: string[];
    changed: {
      questionId: string;
      prompt?: { from: string; to: string };
      optionsAdded: string[];
      optionsRemoved: string[];
      optionsRelabeled: { id: string; from: string; to: string }[];
      conditionChanged: boolean;
    }[];
  };
  migrations?: MigrationEntry[];
}

export type ReleaseSummary = Schemas['ReleaseSummary'];
export type ReleaseVerification = Schemas['ReleaseVerification'];
export interface ReleaseDiff {
  from: string;
  to: string;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  entries: { itemId: string; questionId: string; change: 'added' | 'changed' | 'removed'; before: { label?: string | null } | null; after: { label?: string | null } | null }[];
  nextCursor: string | null;
}
const r = (projectId: string, releaseId: string) => ({ params: { path: { projectId, releaseId } } });

/** The files a release holds, as the gateway serves them for download. */
export const RELEASE_FILES = ['labels.jsonl', 'labels.parquet', 'manifest.json'] as const;
export const releaseFileUrl = (projectId: string, releaseId: string, name: string) =>
  `/v1/projects/${encodeURIComponent(projectId)}/releases/${encodeURIComponent(releaseId)}/files/${encodeURIComponent(name)}`;

export const releases = {
  list: (projectId: string) => unwrap<{ releases: ReleaseSummary[] }>(g.GET('/v1/projects/{projectId}/releases', p(projectId))).then((x) => x.releases),
  create: (projectId: string, body: Schemas['CreateReleaseRequest']) => unwrap<{ releaseId: string }>(g.POST('/v1/projects/{projectId}/releases', { ...p(projectId), body })),
  verify: (projectId: string, releaseId: string) => unwrap<ReleaseVerification>(g.POST('/v1/projects/{projectId}/releases/{releaseId}/verify', r(projectId, releaseId))),
  diff: (projectId: string, a: string, b: string) =>
    unwrap<ReleaseDiff>(g.GET(`/v1/projects/{projectId}/releases/{a}/diff/{b}` as never, { params: { path: { projectId, a, b } } } as never)),
};
