import { annotatorAccess, canTake, normalizeLanguage, type MemberProfile, type ProjectRouting } from './eligibility.rule';

const project: ProjectRouting = { archived: false, requiredSkills: [], matchLanguage: false };
const member: MemberProfile = { userId: 'u1', roles: ['annotator'], skills: ['Medical'], languages: ['de-DE'], active: true };

describe('annotatorAccess', () => {
  it('lets an active annotator member in', () => {
    expect(annotatorAccess(['annotator'], project, member, null)).toEqual({ ok: true });
  });
  it('answers 404 for unknown projects, non-members, inactive members and members without the annotator role', () => {
    expect(annotatorAccess(['annotator'], null, null, null)).toMatchObject({ ok: false, status: 404 });
    expect(annotatorAccess(['annotator'], project, null, null)).toMatchObject({ ok: false, status: 404 });
    expect(annotatorAccess(['annotator'], project, { ...member, active: false }, null)).toMatchObject({ status: 404 });
    expect(annotatorAccess(['annotator'], project, { ...member, roles: ['quality_analyst'] }, null)).toMatchObject({ status: 404 });
    expect(annotatorAccess(['admin'], project, member, null)).toMatchObject({ status: 404 });
  });
  it('tells a suspended annotator (403)', () => {
    expect(annotatorAccess(['annotator'], project, member, { reason: 'low accuracy' })).toEqual({
      ok: false,
      status: 403,
      reason: 'you are suspended from new tasks: low accuracy',
    });
  });
});

describe('canTake', () => {
  it('needs every task and project skill (case-insensitive)', () => {
    expect(canTake(project, member, { requiredSkills: ['medical'], language: null })).toBe(true);
    expect(canTake(project, member, { requiredSkills: ['medical', 'legal'], language: null })).toBe(false);
    expect(canTake({ ...project, requiredSkills: ['legal'] }, member, { requiredSkills: [], language: null })).toBe(false);
  });
  it('matches languages on the primary subtag only when the project says so', () => {
    const strict = { ...project, matchLanguage: true };
    expect(canTake(strict, member, { requiredSkills: [], language: 'de' })).toBe(true);
    expect(canTake(strict, member, { requiredSkills: [], language: 'en' })).toBe(false);
    expect(canTake(strict, member, { requiredSkills: [], language: null })).toBe(true);
    expect(canTake(project, member, { requiredSkills: [], language: 'en' })).toBe(true);
  });
  it('gives nothing of an archived project', () => {
    expect(canTake({ ...project, archived: true }, member, { requiredSkills: [], language: null })).toBe(false);
  });
  it('normalizes language tags', () => {
    expect(normalizeLanguage('en-US')).toBe('en');
    expect(normalizeLanguage('pt_BR')).toBe('pt');
    expect(normalizeLanguage('und')).toBeNull();
    expect(normalizeLanguage('')).toBeNull();
  });
});
