import type { Role } from '@verity/auth';
import type { ConsoleLocale } from './locales.rule';

/** A person's account as the API shows it (never the password hash). */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  /** Console language they chose; null: not chosen yet (the console follows the browser). */
  locale: ConsoleLocale | null;
  active: boolean;
  createdAt: string;
}

/** A machine's API key as the API shows it (never the secret). */
export interface ApiKey {
  id: string;
  name: string;
  roles: Role[];
  projectIds: string[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}
