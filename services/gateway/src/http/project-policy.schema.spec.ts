import { BadRequestException } from '@nestjs/common';
import { validate } from '@verity/service-runtime';
import { applyPolicyPatch, DEFAULT_POLICY, policyPatchSchema, type ProjectPolicy, withPolicyDefaults } from './project-policy.schema';
import { createProjectSchema } from './project.schemas';

const faults = (body: unknown) => {
  try {
    validate(createProjectSchema, body);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { errors: { field: string; reason: string }[] }).errors;
  }
  return [];
};

describe('project policy validation', () => {
  it('fills defaults for everything not given', () => {
    const p = validate(createProjectSchema, { name: 'P', contentTypes: ['text'] });
    expect(applyPolicyPatch(DEFAULT_POLICY, p.policy)).toEqual(DEFAULT_POLICY);
    expect(p.filter).toEqual({ sources: [], contentTypes: [], tagsAny: [], languages: [] });
  });

  it('names every faulty field', () => {
    const errors = faults({
      name: 'P',
      contentTypes: ['text'],
      policy: {
        answersPerTask: 0,
        honeypotRate: -0.1,
        agreementThreshold: 1.2,
        posteriorThreshold: 'high',
        autoAcceptThreshold: 2,
        auditRate: 1.01,
        prelabelMode: 'gpt',
        routing: { requiredSkills: [''], matchLanguage: 1 },
        sampling: { strategy: 'greedy', dailyBudget: -1 },
        leaseSeconds: 5,
        showAnnotatorAccuracy: 'yes',
      },
    });
    expect(errors.map((e) => e.field).sort()).toEqual(
      [
        'policy.answersPerTask',
        'policy.honeypotRate',
        'policy.agreementThreshold',
        'policy.posteriorThreshold',
        'policy.autoAcceptThreshold',
        'policy.auditRate',
        'policy.prelabelMode',
        'policy.routing.requiredSkills.0',
        'policy.routing.matchLanguage',
        'policy.sampling.strategy',
        'policy.sampling.dailyBudget',
        'policy.leaseSeconds',
        'policy.showAnnotatorAccuracy',
      ].sort(),
    );
    expect(errors.find((e) => e.field === 'policy.answersPerTask')?.reason).toBe('must be at least 1');
    expect(errors.find((e) => e.field === 'policy.honeypotRate')?.reason).toBe('must be in [0, 1]');
  });

  it('refuses unknown policy fields (typos do not pass silently)', () => {
    expect(faults({ name: 'P', contentTypes: ['text'], policy: { answersPerTusk: 3 } })).toEqual([
      { field: 'policy', reason: expect.stringMatching(/answersPerTusk/) },
    ]);
  });

  it('names filter and content type faults', () => {
    const errors = faults({ name: '', contentTypes: [], filter: { contentTypes: ['pdf'], languages: ['english!'] } });
    expect(errors.map((e) => e.field).sort()).toEqual(['contentTypes', 'filter.contentTypes.0', 'filter.languages.0', 'name']);
  });

  it('merges a patch field by field, nested objects included, and can clear optional thresholds', () => {
    const base = applyPolicyPatch(DEFAULT_POLICY, { autoAcceptThreshold: 0.95, routing: { requiredSkills: ['medical'] } });
    const next = applyPolicyPatch(base, policyPatchSchema.parse({ routing: { matchLanguage: true }, autoAcceptThreshold: null }));
    expect(next.routing).toEqual({ requiredSkills: ['medical'], matchLanguage: true });
    expect(next.autoAcceptThreshold).toBeNull();
    expect(next.answersPerTask).toBe(DEFAULT_POLICY.answersPerTask);
  });

  it('showAnnotatorAccuracy: off by default, set by a patch, kept by a patch that does not name it', () => {
    expect(DEFAULT_POLICY.showAnnotatorAccuracy).toBe(false);
    const on = applyPolicyPatch(DEFAULT_POLICY, policyPatchSchema.parse({ showAnnotatorAccuracy: true }));
    expect(on.showAnnotatorAccuracy).toBe(true);
    expect(applyPolicyPatch(on, policyPatchSchema.parse({ answersPerTask: 5 })).showAnnotatorAccuracy).toBe(true);
    expect(applyPolicyPatch(on, policyPatchSchema.parse({ showAnnotatorAccuracy: false })).showAnnotatorAccuracy).toBe(false);
  });

  it('a policy stored before a field existed reads and patches with that field at its default', () => {
    const { showAnnotatorAccuracy: _absent, ...older } = DEFAULT_POLICY;
    expect(withPolicyDefaults(older)).toEqual(DEFAULT_POLICY);
    expect(applyPolicyPatch(older as ProjectPolicy, policyPatchSchema.parse({ answersPerTask: 2 }))).toEqual({ ...DEFAULT_POLICY, answersPerTask: 2 });
  });
  it('costs: 0 by default, merged field by field, negative or non-numbers refused by name, older rows read with 0', () => {
    expect(DEFAULT_POLICY.costs).toEqual({ humanPerAnswer: 0, humanPerHour: 0, expertPerVerdict: 0, expertPerHour: 0 });
    const priced = applyPolicyPatch(DEFAULT_POLICY, policyPatchSchema.parse({ costs: { humanPerAnswer: 0.05, expertPerHour: 60 } }));
    expect(priced.costs).toEqual({ humanPerAnswer: 0.05, humanPerHour: 0, expertPerVerdict: 0, expertPerHour: 60 });
    expect(applyPolicyPatch(priced, policyPatchSchema.parse({ costs: { humanPerHour: 12 } })).costs).toEqual({
      humanPerAnswer: 0.05,
      humanPerHour: 12,
      expertPerVerdict: 0,
      expertPerHour: 60,
    });
    expect(applyPolicyPatch(priced, policyPatchSchema.parse({ answersPerTask: 2 })).costs).toEqual(priced.costs);
    const errors = faults({ name: 'P', contentTypes: ['text'], policy: { costs: { humanPerAnswer: -1, expertPerVerdict: '3', currency: 'EUR' } } });
    expect(errors.map((e) => e.field).sort()).toEqual(['policy.costs', 'policy.costs.expertPerVerdict', 'policy.costs.humanPerAnswer']);
    expect(errors.find((e) => e.field === 'policy.costs.humanPerAnswer')?.reason).toBe('must be at least 0');
    const { costs: _absent, ...older } = DEFAULT_POLICY;
    expect(withPolicyDefaults(older)).toEqual(DEFAULT_POLICY);
    expect(applyPolicyPatch(older as ProjectPolicy, policyPatchSchema.parse({ costs: { humanPerHour: 9 } })).costs.humanPerHour).toBe(9);
  });

  it('blindControlRate: null (honeypotRate + auditRate) by default, in [0, 1], never below the checks, by name', () => {
    expect(DEFAULT_POLICY.blindControlRate).toBeNull();
    const patched = applyPolicyPatch(DEFAULT_POLICY, policyPatchSchema.parse({ honeypotRate: 0.2, auditRate: 0.1, blindControlRate: 0.45 }));
    expect(patched.blindControlRate).toBe(0.45);
    expect(applyPolicyPatch(patched, policyPatchSchema.parse({ blindControlRate: null })).blindControlRate).toBeNull();
    expect(faults({ name: 'P', contentTypes: ['text'], policy: { blindControlRate: 1.5 } })).toEqual([
      { field: 'policy.blindControlRate', reason: 'must be in [0, 1]' },
    ]);
    let err: unknown;
    try {
      applyPolicyPatch(patched, policyPatchSchema.parse({ honeypotRate: 0.4 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadRequestException);
    expect(((err as BadRequestException).getResponse() as { errors: unknown[] }).errors).toEqual([
      { field: 'policy.blindControlRate', reason: 'must be at least honeypotRate + auditRate (0.5), or null for exactly that' },
    ]);
    const { blindControlRate: _absent, ...older } = DEFAULT_POLICY;
    expect(withPolicyDefaults(older)).toEqual(DEFAULT_POLICY);
  });
});
