import { z } from '@verity/config';

const unit = () => z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]');
const tag = z.string().trim().min(1).max(100);

export const PRELABEL_MODES = ['default', 'llm', 'local', 'off'] as const;
export const SAMPLING_STRATEGIES = ['none', 'least_confidence', 'margin', 'entropy', 'random'] as const;

/** A complete project policy (what is stored and announced). */
export const policySchema = z.strictObject({
  answersPerTask: z.number().int().min(1, 'must be at least 1').max(50),
  honeypotRate: unit(),
  agreementThreshold: unit(),
  posteriorThreshold: unit(),
  reliabilityFloor: unit(),
  autoAcceptThreshold: unit().nullable(),
  targetPrecision: unit().nullable(),
  auditRate: unit(),
  prelabelMode: z.enum(PRELABEL_MODES),
  routing: z.strictObject({ requiredSkills: z.array(tag).max(100), matchLanguage: z.boolean() }),
  keepUnmaskedOriginal: z.boolean(),
  sampling: z.strictObject({ strategy: z.enum(SAMPLING_STRATEGIES), dailyBudget: z.number().int().min(0).max(10_000_000) }),
  leaseSeconds: z.number().int().min(30, 'must be at least 30').max(86400, 'must be at most 86400'),
  /** Annotators see their own accuracy on checks in "my work" (off by default: it shows which answers were checks). */
  showAnnotatorAccuracy: z.boolean(),
});
export type ProjectPolicy = z.output<typeof policySchema>;

export const DEFAULT_POLICY: ProjectPolicy = {
  answersPerTask: 3,
  honeypotRate: 0.05,
  agreementThreshold: 0.7,
  posteriorThreshold: 0.9,
  reliabilityFloor: 0.6,
  autoAcceptThreshold: null,
  targetPrecision: null,
  auditRate: 0.05,
  prelabelMode: 'default',
  routing: { requiredSkills: [], matchLanguage: false },
  keepUnmaskedOriginal: false,
  sampling: { strategy: 'none', dailyBudget: 0 },
  leaseSeconds: 900,
  showAnnotatorAccuracy: false,
};

/**
 * A policy as stored: fields added after the row was written take their defaults (policies are
 * stored as written, so an older row lacks the newer fields).
 */
export function withPolicyDefaults(stored: Partial<ProjectPolicy>): ProjectPolicy {
  return { ...DEFAULT_POLICY, ...stored };
}

/** What a request may send: any subset; nested objects are merged field by field. */
export const policyPatchSchema = z.strictObject({
  ...policySchema.shape,
  routing: policySchema.shape.routing.partial(),
  sampling: policySchema.shape.sampling.partial(),
}).partial();
export type PolicyPatch = z.output<typeof policyPatchSchema>;

/** The policy after applying a (validated) patch to a base policy. */
export function applyPolicyPatch(base: ProjectPolicy, patch: PolicyPatch = {}): ProjectPolicy {
  return policySchema.parse({
    ...withPolicyDefaults(base),
    ...patch,
    routing: { ...base.routing, ...patch.routing },
    sampling: { ...base.sampling, ...patch.sampling },
  });
}
