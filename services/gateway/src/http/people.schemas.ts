import { ROLES } from '@verity/auth';
import { z } from '@verity/config';
import { CONSOLE_LOCALES } from '../domain/locales.rule';

export const tokenRequestSchema = z.strictObject({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const createUserSchema = z.strictObject({
  email: z.email().max(320),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).default(['annotator']),
});
export type CreateUserInput = z.output<typeof createUserSchema>;

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(['producer', 'consumer'])).min(1).max(2),
  projectIds: z.array(z.string().min(1).max(100)).max(1000).default([]),
});
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;

/** PATCH /v1/me: what a person may change about their own account. */
export const updateMeSchema = z.strictObject({
  locale: z.enum(CONSOLE_LOCALES),
});
export type UpdateMeInput = z.output<typeof updateMeSchema>;
