import { badRequest } from '@verity/service-runtime';
import { z } from '@verity/config';

const unit = () => z.number().min(0, 'must be in [0, 1]').max(1, 'must be in [0, 1]');
const tag = z.string().trim().min(1).max(100);
const usd = () => z.number().min(0, 'must be at least 0').max(1_000_000, 'must be at most 1000000');

export const PRELABEL_MODES = ['default', 'llm', 'local', 'off'] as const;
export const SAMPLING_STRATEGIES = ['none', 'least_confidence', 'margin', 'entropy', 'random'] as const;
/** Global roles a project may grant raw access (releases with includeRaw): those that create releases. */
export const RAW_ACCESS_ROLES = ['admin', 'project_manager', 'consumer'] as const;

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
  /** Global roles whose holders may ask a release for references to the unmasked originals; empty: nobody. */
  rawAccessRoles: z
    .array(z.enum(RAW_ACCESS_ROLES))
    .max(RAW_ACCESS_ROLES.length)
    .refine((r) => new Set(r).size === r.length, 'must not repeat a role'),
  sampling: z.strictObject({ strategy: z.enum(SAMPLING_STRATEGIES), dailyBudget: z.number().int().min(0).max(10_000_000) }),
  leaseSeconds: z.number().int().min(30, 'must be at least 30').max(86400, 'must be at most 86400'),
  /** Annotators see their own accuracy on checks in "my work" (off by default: it shows which answers were checks). */
  showAnnotatorAccuracy: z.boolean(),
  /**
   * What human work costs, in USD, for the cost dashboard (0: not counted): per answer and per
   * hour of measured answer time (time_spent_ms), per expert verdict and per hour of expert time.
   */
  costs: z.strictObject({ humanPerAnswer: usd(), humanPerHour: usd(), expertPerVerdict: usd(), expertPerHour: usd() }),
  /**
   * Share of leases of tasks with a machine draft served without it (blind controls), so that a
   * task without a draft does not give a check away; at least honeypotRate + auditRate (capped
   * at 1). null: exactly that sum.
   */
  blindControlRate: unit().nullable(),
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
  rawAccessRoles: [],
  sampling: { strategy: 'none', dailyBudget: 0 },
  leaseSeconds: 900,
  showAnnotatorAccuracy: false,
  costs: { humanPerAnswer: 0, humanPerHour: 0, expertPerVerdict: 0, expertPerHour: 0 },
  blindControlRate: null,
};

/**
 * A policy as stored: fields added after the row was written take their defaults (policies are
 * stored as written, so an older row lacks the newer fields).
 */
export function withPolicyDefaults(stored: Partial<ProjectPolicy>): ProjectPolicy {
  return { ...DEFAULT_POLICY, ...stored, costs: { ...DEFAULT_POLICY.costs, ...stored.costs } };
}

/** What a request may send: any subset; nested objects are merged field by field. */
export const policyPatchSchema = z.strictObject({
  ...policySchema.shape,
  routing: policySchema.shape.routing.partial(),
  sampling: policySchema.shape.sampling.partial(),
  costs: policySchema.shape.costs.partial(),
}).partial();
export type PolicyPatch = z.output<typeof policyPatchSchema>;

/** The policy after applying a (validated) patch to a base policy. */
export function applyPolicyPatch(base: ProjectPolicy, patch: PolicyPatch = {}): ProjectPolicy {
  const policy = policySchema.parse({
    ...withPolicyDefaults(base),
    ...patch,
    routing: { ...base.routing, ...patch.routing },
    sampling: { ...base.sampling, ...patch.sampling },
    costs: { ...withPolicyDefaults(base).costs, ...patch.costs },
  });
  const least = minBlindControlRate(policy);
  if (policy.blindControlRate !== null && policy.blindControlRate < least) {
    const reason = `must be at least honeypotRate + auditRate (${least}), or null for exactly that`;
    throw badRequest([{ field: 'policy.blindControlRate', reason }]);
  }
  return policy;
}

/** Blind controls must be at least as many as checks (honeypots + audits) among draft-less tasks. */
export function minBlindControlRate(p: Pick<ProjectPolicy, 'honeypotRate' | 'auditRate'>): number {
  return Math.min(1, Math.round((p.honeypotRate + p.auditRate) * 1e9) / 1e9);
}
