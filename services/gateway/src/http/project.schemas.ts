import { z } from '@verity/config';
import { contentTypeSchema } from '../domain/content-types.rule';
import { policyPatchSchema } from './project-policy.schema';

const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
const tag = z.string().trim().min(1).max(100);
const language = z.string().regex(BCP47, 'must be a BCP 47 language tag, e.g. "en"');
const unique = <T>(xs: T[]) => new Set(xs).size === xs.length;

/** Which content events belong to a project; empty lists match everything. */
export const filterSchema = z.strictObject({
  sources: z.array(z.string().trim().min(1).max(200)).max(1000).default([]),
  contentTypes: z.array(contentTypeSchema).max(4).default([]),
  tagsAny: z.array(tag).max(1000).default([]),
  languages: z.array(language).max(200).default([]),
});
export type ContentFilterInput = z.output<typeof filterSchema>;

const contentTypes = z.array(contentTypeSchema).min(1, 'needs at least one content type').max(4).refine(unique, 'must not repeat a content type');

export const createProjectSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(10000).default(''),
  contentTypes,
  filter: filterSchema.default({ sources: [], contentTypes: [], tagsAny: [], languages: [] }),
  policy: policyPatchSchema.default({}),
});
export type CreateProjectInput = z.output<typeof createProjectSchema>;

export const updateProjectSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(10000).optional(),
  contentTypes: contentTypes.optional(),
  filter: filterSchema.optional(),
  policy: policyPatchSchema.optional(),
});
export type UpdateProjectInput = z.output<typeof updateProjectSchema>;

export const PROJECT_ROLE_NAMES = ['annotator', 'quality_analyst', 'project_manager'] as const;
export type ProjectRoleName = (typeof PROJECT_ROLE_NAMES)[number];

export const memberSchema = z.strictObject({
  roles: z.array(z.enum(PROJECT_ROLE_NAMES)).min(1, 'needs at least one project role').max(3).refine(unique, 'must not repeat a role'),
  skills: z.array(tag).max(200).default([]),
  languages: z.array(language).max(100).default([]),
  active: z.boolean().default(true),
});
export type MemberInput = z.output<typeof memberSchema>;
