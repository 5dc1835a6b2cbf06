/** The platform's roles. Global roles come with the account; project roles with membership. */
export const ROLES = ['admin', 'project_manager', 'quality_analyst', 'annotator', 'producer', 'consumer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Who is calling: a person (JWT) or a machine (API key). */
export interface Principal {
  kind: 'user' | 'api_key';
  /** User id, or API key id. */
  id: string;
  roles: Role[];
  /** For API keys: the projects the key is limited to (empty = none). */
  projectIds?: string[];
}
