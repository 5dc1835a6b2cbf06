import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyResolver, AuthGuard, Principal, Public, Roles, serviceAudience, signJwt, signServiceToken } from '@verity/auth';

const secret = 's'.repeat(40);

class Handlers {
  @Public() open() {}
  plain() {}
  @Roles('project_manager') managers() {}
}

function ctx(handler: keyof Handlers, headers: Record<string, string>) {
  const req: { headers: Record<string, string>; principal?: Principal } = { headers };
  const c = {
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { c, req };
}

/** An in-memory fake of the gateway's API key store. */
class FakeApiKeys implements ApiKeyResolver {
  async resolve(id: string, secretPart: string): Promise<Principal | null> {
    return id === 'aaaaaaaaaaaa' && secretPart === 'b'.repeat(32) ? { kind: 'api_key', id, roles: ['producer'] } : null;
  }
}

describe('AuthGuard (deny by default)', () => {
  const guard = new AuthGuard(new Reflector(), { jwtSecret: secret }, new FakeApiKeys());
  const bearer = (roles: Principal['roles']) => ({ authorization: `Bearer ${signJwt({ sub: 'u1', roles }, secret, 60)}` });

  it('lets anyone reach a @Public route', async () => {
    expect(await guard.canActivate(ctx('open', {}).c)).toBe(true);
  });

  it('refuses an unmarked route without credentials', async () => {
    await expect(guard.canActivate(ctx('plain', {}).c)).rejects.toThrow(UnauthorizedException);
  });

  it('accepts a valid token and sets the principal', async () => {
    const { c, req } = ctx('plain', bearer(['annotator']));
    expect(await guard.canActivate(c)).toBe(true);
    expect(req.principal).toEqual({ kind: 'user', id: 'u1', roles: ['annotator'] });
  });

  it('accepts a token of a key being rotated out only when that key is listed', async () => {
    const previous = 'q'.repeat(40);
    const old = { authorization: `Bearer ${signJwt({ sub: 'u1', roles: ['annotator'] }, previous, 60)}` };
    const rotating = new AuthGuard(new Reflector(), { jwtSecret: secret, previousJwtSecrets: [previous] });
    expect(await rotating.canActivate(ctx('plain', old).c)).toBe(true);
    await expect(guard.canActivate(ctx('plain', old).c)).rejects.toThrow(UnauthorizedException);
  });

  it('refuses an expired token', async () => {
    const old = signJwt({ sub: 'u1', roles: ['admin'] }, secret, 10, Date.now() - 60_000);
    await expect(guard.canActivate(ctx('plain', { authorization: `Bearer ${old}` }).c)).rejects.toThrow(/expired/);
  });

  it('enforces @Roles, letting admins through', async () => {
    await expect(guard.canActivate(ctx('managers', bearer(['annotator'])).c)).rejects.toThrow(ForbiddenException);
    expect(await guard.canActivate(ctx('managers', bearer(['project_manager'])).c)).toBe(true);
    expect(await guard.canActivate(ctx('managers', bearer(['admin'])).c)).toBe(true);
  });

  it('accepts a known API key and refuses a wrong one', async () => {
    const good = `vk_aaaaaaaaaaaa_${'b'.repeat(32)}`;
    const { c, req } = ctx('plain', { 'x-api-key': good });
    expect(await guard.canActivate(c)).toBe(true);
    expect(req.principal?.roles).toEqual(['producer']);
    await expect(guard.canActivate(ctx('plain', { 'x-api-key': `vk_aaaaaaaaaaaa_${'c'.repeat(32)}` }).c)).rejects.toThrow(/unknown or revoked/);
  });
});

describe('AuthGuard of a service (only the gateway tokens for it)', () => {
  const guard = new AuthGuard(new Reflector(), { jwtSecret: secret, serviceAudience: serviceAudience('export') }, new FakeApiKeys());
  const user: Principal = { kind: 'user', id: 'u1', roles: ['project_manager'] };

  it('accepts a token signed for this service and keeps the caller', async () => {
    const { c, req } = ctx('plain', { authorization: `Bearer ${signServiceToken(user, 'export', secret)}` });
    expect(await guard.canActivate(c)).toBe(true);
    expect(req.principal).toEqual(user);
  });

  it("carries a machine key's kind and projects", async () => {
    const key: Principal = { kind: 'api_key', id: 'k1', roles: ['consumer'], projectIds: ['p1'] };
    const { c, req } = ctx('plain', { authorization: `Bearer ${signServiceToken(key, 'export', secret)}` });
    expect(await guard.canActivate(c)).toBe(true);
    expect(req.principal).toEqual(key);
  });

  it.each([
    ["a person's token (audience verity)", () => signJwt({ sub: 'u1', roles: ['admin'] }, secret, 60)],
    ["another service's token", () => signServiceToken({ ...user, roles: ['admin'] }, 'quality', secret)],
    ['an expired token', () => signServiceToken(user, 'export', secret, { now: Date.now() - 120_000 })],
    ['a token signed with another key', () => signServiceToken(user, 'export', 'x'.repeat(40))],
  ])('refuses %s', async (_, token) => {
    await expect(guard.canActivate(ctx('plain', { authorization: `Bearer ${token()}` }).c)).rejects.toThrow(UnauthorizedException);
  });

  it('refuses API keys and the session cookie', async () => {
    await expect(guard.canActivate(ctx('plain', { 'x-api-key': `vk_aaaaaaaaaaaa_${'b'.repeat(32)}` }).c)).rejects.toThrow(UnauthorizedException);
    const session = signJwt({ sub: 'u1', roles: ['admin'] }, secret, 60);
    await expect(guard.canActivate(ctx('plain', { cookie: `verity_session=${session}` }).c)).rejects.toThrow(UnauthorizedException);
  });
});
