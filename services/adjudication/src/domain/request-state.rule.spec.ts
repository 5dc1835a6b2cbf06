import { projectAccess } from './access.rule';
import { goldConfirmation, transition, type RequestSnapshot } from './request-state.rule';

const now = new Date('2025-06-01T12:00:00Z');
const expert = { userId: 'qa', caps: { expert: true, manager: false } };
const manager = { userId: 'pm', caps: { expert: false, manager: true } };
const open: RequestSnapshot = { state: 'open', claimedBy: null, leaseExpiresAt: null, answererIds: ['a1', 'a2'] };
const escalated: RequestSnapshot = { ...open, state: 'escalated' };
const decided: RequestSnapshot = { ...open, state: 'decided' };

describe('escalation state machine', () => {
  it('open → decided by an expert verdict (tier expert)', () => {
    expect(transition(open, 'verdict', expert, now)).toEqual({ ok: true, next: 'decided', tier: 'expert' });
  });

  it('open → escalated by an expert; escalated → decided by a project manager (tier project_manager)', () => {
    expect(transition(open, 'escalate', expert, now)).toEqual({ ok: true, next: 'escalated', tier: 'expert' });
    expect(transition(escalated, 'verdict', manager, now)).toEqual({ ok: true, next: 'decided', tier: 'project_manager' });
  });

  it('an expert may not decide an escalated request; a manager-only member may not decide an open one', () => {
    expect(transition(escalated, 'verdict', expert, now)).toMatchObject({ ok: false, status: 403 });
    expect(transition(open, 'verdict', manager, now)).toMatchObject({ ok: false, status: 403 });
    expect(transition(escalated, 'claim', expert, now)).toMatchObject({ ok: false, status: 403 });
  });

  it('escalating twice and acting on a decided request are conflicts', () => {
    expect(transition(escalated, 'escalate', manager, now)).toMatchObject({ ok: false, status: 409 });
    expect(transition(decided, 'verdict', expert, now)).toMatchObject({ ok: false, status: 409 });
    expect(transition(decided, 'escalate', expert, now)).toMatchObject({ ok: false, status: 409 });
  });

  it("another adjudicator's live claim blocks; an expired one does not; annotators never judge their own answers", () => {
    const held = { ...open, claimedBy: 'qa2', leaseExpiresAt: new Date(now.getTime() + 60_000) };
    expect(transition(held, 'verdict', expert, now)).toMatchObject({ ok: false, status: 409 });
    expect(transition({ ...held, claimedBy: 'qa' }, 'verdict', expert, now)).toMatchObject({ ok: true });
    expect(transition({ ...held, leaseExpiresAt: new Date(now.getTime() - 1) }, 'verdict', expert, now)).toMatchObject({ ok: true });
    expect(transition(open, 'verdict', { ...expert, userId: 'a1' }, now)).toMatchObject({ ok: false, status: 403 });
  });

  it('gold: only a manager, only on a decided gold candidate, only once', () => {
    const candidate = { goldCandidate: true, goldConfirmedAt: null };
    expect(goldConfirmation('decided', candidate, manager.caps)).toEqual({ ok: true });
    expect(goldConfirmation('decided', candidate, expert.caps)).toMatchObject({ ok: false, status: 403 });
    expect(goldConfirmation('open', null, manager.caps)).toMatchObject({ ok: false, status: 409 });
    expect(goldConfirmation('decided', { goldCandidate: false, goldConfirmedAt: null }, manager.caps)).toMatchObject({ ok: false, status: 409 });
    expect(goldConfirmation('decided', { goldCandidate: true, goldConfirmedAt: now }, manager.caps)).toMatchObject({ ok: false, status: 409 });
  });

  it('access: outsiders 404, members without the role 403, admins everywhere', () => {
    expect(projectAccess(['quality_analyst'], true, null)).toMatchObject({ ok: false, status: 404 });
    expect(projectAccess(['quality_analyst'], false, null)).toMatchObject({ ok: false, status: 404 });
    expect(projectAccess([], true, { userId: 'x', roles: ['quality_analyst'], active: false })).toMatchObject({ ok: false, status: 404 });
    expect(projectAccess(['annotator'], true, { userId: 'x', roles: ['annotator'], active: true })).toMatchObject({ ok: false, status: 403 });
    expect(projectAccess([], true, { userId: 'x', roles: ['quality_analyst'], active: true })).toEqual({ ok: true, caps: { expert: true, manager: false } });
    expect(projectAccess(['admin'], false, null)).toEqual({ ok: true, caps: { expert: true, manager: true } });
  });
});
