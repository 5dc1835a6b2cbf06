import { ROLES } from '@verity/auth';
import { z } from '@verity/config';
import { CONSOLE_LOCALES } from '../../../domain/locales.rule';
import type { ApiKey, User } from '../../../domain/user.model';
import { timestamp } from './common.schemas';
import { type Equals, typeCheck } from './type-check.schemas';

export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });
export const localeSchema = z
  .enum(CONSOLE_LOCALES)
  .meta({ id: 'Locale', description: 'A language the web console is translated into' });

export const accessTokenSchema = z
  .strictObject({
    accessToken: z
      .string()
      .meta({ description: 'A JWT: send it as `Authorization: Bearer <token>`' }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().meta({ description: 'Lifetime in seconds (JWT_TTL_SECONDS)' }),
  })
  .meta({ id: 'AccessToken' });

const userFields = {
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  locale: localeSchema
    .nullable()
    .meta({
      description:
        'Console language they chose; null: not chosen (the console follows the browser)',
    }),
  active: z.boolean(),
  createdAt: timestamp,
};

export const userSchema = z
  .strictObject(userFields)
  .meta({ id: 'User', description: "A person's account (never the password)" });
typeCheck<Equals<z.output<typeof userSchema>, User>>(true);

export const userPageSchema = z
  .strictObject({
    users: z.array(userSchema),
    next: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `after` for the next page; null on the last page' }),
  })
  .meta({ id: 'UserPage' });

export const apiKeySchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    roles: z.array(roleSchema),
    projectIds: z.array(z.string()).meta({ description: 'The projects the key is limited to' }),
    createdBy: z.string(),
    createdAt: timestamp,
    revokedAt: timestamp.nullable(),
  })
  .meta({ id: 'ApiKey', description: "A machine's API key (never the secret)" });
typeCheck<Equals<z.output<typeof apiKeySchema>, ApiKey>>(true);

export const createdApiKeySchema = apiKeySchema
  .extend({
    token: z
      .string()
      .meta({
        description:
          'The key itself (vk_<id>_<secret>), shown only in this answer: send it as `x-api-key`',
      }),
  })
  .meta({ id: 'CreatedApiKey' });

export const apiKeyListSchema = z
  .strictObject({ apiKeys: z.array(apiKeySchema) })
  .meta({ id: 'ApiKeyList' });

/** GET /v1/me: a person's account, or a key's identity. */
export const meUserSchema = z
  .strictObject({ kind: z.literal('user'), ...userFields })
  .meta({ id: 'MeUser', description: "A person's own account" });
export const meApiKeySchema = z
  .strictObject({
    kind: z.literal('api_key'),
    id: z.string(),
    roles: z.array(roleSchema),
    projectIds: z.array(z.string()),
  })
  .meta({ id: 'MeApiKey', description: "An API key's identity" });
export const meSchema = z
  .discriminatedUnion('kind', [meUserSchema, meApiKeySchema])
  .meta({ id: 'Me' });

/** POST /v1/auth/session: the account and when the session (cookie and token) expires. */
export const sessionSchema = z
  .strictObject({
    user: userSchema
      .pick({ id: true, email: true, displayName: true, roles: true, locale: true })
      .meta({ id: 'SessionUser' }),
    expiresAt: timestamp,
  })
  .meta({
    id: 'Session',
    description: 'Sent with `Set-Cookie: verity_session=…; HttpOnly; SameSite=Strict`',
  });
