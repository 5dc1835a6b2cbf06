import { gateway as g, unwrap } from './http';
import type { AdjudicationEntry, AdjudicationView, Answer, Me, Member, MyWork, OntologyVersion, Project, TaskView } from './types';

const path = (projectId: string) => ({ params: { path: { projectId } } });

/** Every gateway call the console makes, by name; paths and bodies are checked against the OpenAPI types. */
export const api = {
  signIn: (email: string, password: string) => unwrap<{ user: Me; expiresAt: string }>(g.POST('/v1/auth/session', { body: { email, password } })),
  signOut: () => unwrap<void>(g.DELETE('/v1/auth/session')),
  me: () => unwrap<Me>(g.GET('/v1/me')),
  setLocale: (locale: 'en' | 'fr') => unwrap<Me>(g.PATCH('/v1/me', { body: { locale } })),

  projects: () => unwrap<{ projects: Project[] }>(g.GET('/v1/projects')).then((r) => r.projects),
  members: (projectId: string) => unwrap<{ members: Member[] }>(g.GET('/v1/projects/{projectId}/members', path(projectId))).then((r) => r.members),
  ontology: (projectId: string, version: number) =>
    unwrap<OntologyVersion>(g.GET('/v1/projects/{projectId}/ontologies/{version}', { params: { path: { projectId, version: String(version) } } })),

  /** The next task (null when the queue has nothing for this person). */
  nextTask: (projectId: string) => unwrap<TaskView | undefined>(g.POST('/v1/projects/{projectId}/tasks/next', path(projectId))).then((t) => t ?? null),
  myLeases: (projectId: string) => unwrap<{ leases: TaskView[] }>(g.GET('/v1/projects/{projectId}/tasks/mine', path(projectId))).then((r) => r.leases),
  submit: (taskId: string, body: { leaseId: string; answer: Answer; timeSpentMs: number }) =>
    unwrap<{ annotationId: string; submittedAt: string }>(g.POST('/v1/tasks/{taskId}/submit', { params: { path: { taskId } }, body })),
  skip: (taskId: string, body: { leaseId: string; reason: string }) => unwrap<unknown>(g.POST('/v1/tasks/{taskId}/skip', { params: { path: { taskId } }, body })),
  myWork: (projectId: string, after?: string) =>
    unwrap<MyWork>(g.GET('/v1/projects/{projectId}/my-work', { params: { path: { projectId }, query: after ? { after } : {} } })),

  adjudications: (projectId: string, state: 'open' | 'escalated' | 'decided') =>
    unwrap<{ requests: AdjudicationEntry[] }>(g.GET('/v1/projects/{projectId}/adjudications', { params: { path: { projectId }, query: { state } } })).then(
      (r) => r.requests,
    ),
  claimNext: (projectId: string) =>
    unwrap<AdjudicationView | undefined>(g.POST('/v1/projects/{projectId}/adjudications/next', path(projectId))).then((v) => v ?? null),
  adjudication: (requestId: string) => unwrap<AdjudicationView>(g.GET('/v1/adjudications/{requestId}', { params: { path: { requestId } } })),
  verdict: (requestId: string, body: { label?: string; labels?: string[]; confidence: number; note?: string; goldCandidate?: boolean }) =>
    unwrap<{ requestId: string; state: string; goldCandidate: boolean }>(g.POST('/v1/adjudications/{requestId}/verdict', { params: { path: { requestId } }, body })),
  escalate: (requestId: string, note: string) => unwrap<unknown>(g.POST('/v1/adjudications/{requestId}/escalate', { params: { path: { requestId } }, body: { note } })),
  confirmGold: (projectId: string, requestId: string) =>
    unwrap<unknown>(g.POST('/v1/projects/{projectId}/gold/{requestId}/confirm', { params: { path: { projectId, requestId } } })),
};
