/** An answer in the API's JSON form (the protobuf JSON of verity.common.v1.Answer). */
export type AnswerJson =
  | { choice: { optionIds: string[] } }
  | { freeText: { text: string } }
  | Record<string, unknown>;

export interface TaskView {
  taskId: string;
  leaseId: string;
  leaseExpiresAt: string;
  projectId: string;
  itemId: string;
  question: { id: string; type: string; prompt: string; options: { id: string; label: string }[] };
  guidelines: string;
  content: { type: string; text: string | null; mediaUrl: string | null; mediaType: string | null };
  ontologyVersion: number;
  draft: unknown;
}

export class VerityApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'VerityApiError';
  }
}

/**
 * A small client for the gateway's HTTP API, as people and scripts use it: sign in, projects,
 * members, ontologies, content, and the annotator's task loop.
 */
export class VerityClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
    private readonly apiKey?: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<VerityClient> {
    const c = new VerityClient(baseUrl);
    const r = await c.call<{ accessToken: string }>('POST', '/v1/auth/token', { email, password }, 'sign in');
    return new VerityClient(baseUrl, r.accessToken);
  }

  withApiKey(apiKey: string): VerityClient {
    return new VerityClient(this.baseUrl, undefined, apiKey);
  }

  async call<T>(method: string, path: string, body?: unknown, what = `${method} ${path}`): Promise<T> {
    const r = await this.raw(method, path, body);
    if (r.status >= 400) throw new VerityApiError(r.status, r.body, what);
    return r.body as T;
  }

  /** The response whatever its status, for callers that expect 204/409 as normal answers. */
  async raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.apiKey) headers['x-api-key'] = this.apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed };
  }

  createUser(u: { email: string; displayName: string; password: string; roles: string[] }) {
    return this.call<{ id: string; email: string }>('POST', '/v1/users', u, 'create user');
  }

  createApiKey(k: { name: string; roles: string[]; projectIds?: string[] }) {
    return this.call<{ id: string; token: string }>('POST', '/v1/api-keys', k, 'create API key');
  }

  createProject(p: Record<string, unknown>) {
    return this.call<{ id: string }>('POST', '/v1/projects', p, 'create project');
  }

  setMember(projectId: string, userId: string, m: { roles: string[]; skills?: string[]; languages?: string[]; active?: boolean }) {
    return this.call('PUT', `/v1/projects/${projectId}/members/${userId}`, m, 'set member');
  }

  createOntologyDraft(projectId: string, draft: Record<string, unknown>) {
    return this.call<{ version: number }>('POST', `/v1/projects/${projectId}/ontologies`, draft, 'create ontology draft');
  }

  publishOntology(projectId: string, version: number, relabelPolicy?: 'keep' | 'relabel' | 'exclude') {
    return this.call('POST', `/v1/projects/${projectId}/ontologies/${version}/publish`, relabelPolicy ? { relabelPolicy } : {}, 'publish ontology');
  }

  postContent(c: Record<string, unknown>) {
    return this.call<{ eventId: string }>('POST', '/v1/content', c, 'post content');
  }

  /** The next task for the caller, or null when there is none now (204). */
  async nextTask(projectId: string): Promise<TaskView | null> {
    const r = await this.raw('POST', `/v1/projects/${projectId}/tasks/next`, {});
    if (r.status === 204) return null;
    if (r.status >= 400) throw new VerityApiError(r.status, r.body, 'next task');
    return r.body as TaskView;
  }

  submit(taskId: string, leaseId: string, answer: AnswerJson, timeSpentMs: number) {
    return this.call<{ annotationId: string }>('POST', `/v1/tasks/${taskId}/submit`, { leaseId, answer, timeSpentMs }, 'submit');
  }

  skip(taskId: string, leaseId: string, reason: string) {
    return this.call('POST', `/v1/tasks/${taskId}/skip`, { leaseId, reason }, 'skip');
  }
}
